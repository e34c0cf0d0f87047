/**
 * One student's cumulative score record as sent to one institution: the structured form
 * of a line in the 950-character TXT layout (DOMAIN.md §4). Formatters (TXT, CSV, PDF)
 * take this in and give bytes out; nothing here touches the database.
 *
 * Dates are ISO calendar dates ("YYYY-MM-DD") or null; the TXT writer renders MMDDYY.
 * Codes are kept as the strings the layout carries ("07", "66"), already validated.
 */
export interface ExamResult {
  /** Full year of the administration, e.g. 2026 (TXT keeps the last two digits). */
  adminYear: number;
  /** Two-digit exam code from the code table, e.g. "66" (Calculus AB). */
  examCode: string;
  /** 1-5, or null when no grade is shown (withheld, not yet available, canceled). */
  score: number | null;
  /** Up to two irregularity codes, two digits each. */
  irregularityCodes: string[];
  /** Suppression flag as carried in the layout (one character, blank when none). */
  suppression: string;
  /** Class section code (one character, blank when none). */
  classSection: string;
}

export interface Award {
  /** Two-digit award type code, e.g. "01" (AP Scholar). */
  type: string;
  /** Full year the award was earned. */
  year: number;
}

export interface PreviousAi {
  /** Full year attended. */
  year: number;
  /** Six-character AI (school) code. */
  code: string;
}

export interface PostalAddress {
  /** Up to three lines, 30 characters each in the TXT layout. */
  lines: string[];
  state: string;
  zip: string;
}

export interface StudentRecord {
  apId: string;
  lastName: string;
  firstName: string;
  middleInitial: string;
  address: PostalAddress & { countryCode: string };
  /** M, F, A (another), U (unknown). */
  gender: string;
  dateOfBirth: string | null;
  educationLevel: string;
  /** Expected college entrance, as the layout's three characters (e.g. term + year). */
  expectedCollegeEntrance: string;
  /** Y, N or blank. */
  studentSearch: string;
  bestLanguage: string;
  /** Y or N. */
  sophomoreStanding: string;
  previousAis: PreviousAi[];
  awards: Award[];
  highSchool: {
    aiCode: string;
    contactName: string;
    name: string;
    address: PostalAddress;
  };
  college: {
    diCode: string;
    contactName: string;
    name: string;
    address: PostalAddress;
  };
  /** At most 30, in the order they are reported. */
  exams: ExamResult[];
  dateGradesReleased: string | null;
  dateLastStudentUpdate: string | null;
  dateOfReport: string | null;
  serviceType: string;
  serviceCode: string;
  orderingInstitutionKey: string;
  /** Eleven race/ethnicity responses, each true (Y) or false (N). */
  raceEthnicity: boolean[];
  derivedAggregateRace: string;
}
