/**
 * The 950-character TXT record layout (DOMAIN.md §4) as one data table.
 *
 * Everything that knows where a field sits reads it from here: the TXT writer and parser
 * (txt.ts), the CSV header and its fast TXT→CSV path (csv.ts), and the public layout
 * documentation page. Positions are written out literally (not accumulated by a cursor) so
 * that the table reads like the published specification and the unit test that proves the
 * fields are contiguous and sum to 950 can actually catch a typo.
 *
 * The table is plain serializable data (no functions), so a page may pass it to a client
 * component as is.
 */

/**
 * How a field's characters are written. The documentation page shows
 * {@link FIELD_KIND_FORMATS} for each kind, so the wording there is user-facing.
 */
export type TxtFieldKind =
  /** Letters, digits, punctuation; left-aligned, padded with spaces, cut at the field length. */
  | "text"
  /** Digits only, right-aligned and zero-padded; all spaces when there is no code. */
  | "code"
  /** MMDDYY; all spaces when unknown. */
  | "date"
  /** Last two digits of a year (YY, read as 20YY); spaces when the group is empty. */
  | "year"
  /** One digit 1-5; a space when no grade is shown. */
  | "score"
  /** One character, Y or N (some flags may also be blank). */
  | "flag"
  /** Reserved; always spaces. Not carried in the CSV. */
  | "filler";

export const FIELD_KIND_FORMATS: Readonly<Record<TxtFieldKind, string>> = {
  text: "Alphanumeric, left-aligned, padded with spaces on the right",
  code: "Numeric code, right-aligned with leading zeros; blank when absent",
  date: "Date as MMDDYY; blank when not available",
  year: "Year as YY (20YY); blank when the group is empty",
  score: "One digit 1-5; blank when no grade is reported",
  flag: "One character: Y or N",
  filler: "Reserved, always blank",
};

export type TxtSection = "Student" | "Previous schools" | "Awards" | "High school" | "College" | "Exams" | "Report" | "Race/ethnicity";

export interface TxtField {
  /** Stable identifier used by code (writer, parser, CSV); never shown to users. */
  readonly key: string;
  /** Column name in the CSV header and on the layout page, e.g. "Exam 1 Code". */
  readonly label: string;
  /** 1-based position of the first character. */
  readonly start: number;
  readonly length: number;
  /** 1-based position of the last character (inclusive): start + length − 1. */
  readonly end: number;
  readonly kind: TxtFieldKind;
  readonly section: TxtSection;
  /** One or two sentences for a registrar's IT staff. */
  readonly description: string;
}

export const TXT_RECORD_LENGTH = 950;

/** Exams are a repeated block: slot n (1-based) starts at EXAM_START + EXAM_BLOCK_LENGTH × (n − 1). */
export const EXAM_SLOTS = 30;
export const EXAM_BLOCK_LENGTH = 11;
export const EXAM_START = 539;
export const AWARD_SLOTS = 6;
export const PREVIOUS_AI_SLOTS = 2;
export const ADDRESS_LINES = 3;
export const ADDRESS_LINE_LENGTH = 30;
export const RACE_FLAGS = 11;

/** First position (1-based) of exam slot n (1..30). */
export function examStart(n: number): number {
  return EXAM_START + EXAM_BLOCK_LENGTH * (n - 1);
}

type FieldSpec = Omit<TxtField, "end" | "section">;

function field(section: TxtSection, spec: FieldSpec): TxtField {
  return { ...spec, end: spec.start + spec.length - 1, section };
}

function filler(section: TxtSection, start: number, length: number, description: string): TxtField {
  return field(section, {
    key: `filler${start}`,
    label: `Filler ${start}-${start + length - 1}`,
    start,
    length,
    kind: "filler",
    description,
  });
}

/** Three 30-character street lines starting at `start`; `whose` completes the description ("the college's"). */
function addressLines(section: TxtSection, keyPrefix: string, labelPrefix: string, start: number, whose: string): TxtField[] {
  return Array.from({ length: ADDRESS_LINES }, (_, i) =>
    field(section, {
      key: `${keyPrefix}${i + 1}`,
      label: `${labelPrefix} ${i + 1}`,
      start: start + ADDRESS_LINE_LENGTH * i,
      length: ADDRESS_LINE_LENGTH,
      kind: "text",
      description:
        i === 0
          ? `First line of ${whose} street address (the city is carried in the last used line).`
          : `Line ${i + 1} of ${whose} street address; blank when not used.`,
    }),
  );
}

/**
 * The seven fields of one exam slot. Labels say "Grade" rather than "Score" because that is
 * the word the printed college report uses.
 */
export const EXAM_BLOCK: readonly { key: string; label: string; offset: number; length: number; kind: TxtFieldKind; description: string }[] = [
  { key: "AdminYear", label: "Admin Year", offset: 0, length: 2, kind: "year", description: "Year the exam was taken (YY, e.g. 26 for 2026)." },
  { key: "Code", label: "Code", offset: 2, length: 2, kind: "code", description: "Two-digit AP exam code (e.g. 66 Calculus AB); see the exam code table." },
  {
    key: "Grade",
    label: "Grade",
    offset: 4,
    length: 1,
    kind: "score",
    description: "AP score 1-5; blank when no grade is reported (see the irregularity codes).",
  },
  {
    key: "Irregularity1",
    label: "Irregularity Code 1",
    offset: 5,
    length: 2,
    kind: "code",
    description: "First irregularity code affecting this score; blank when none.",
  },
  {
    key: "Irregularity2",
    label: "Irregularity Code 2",
    offset: 7,
    length: 2,
    kind: "code",
    description: "Second irregularity code; blank when fewer than two apply.",
  },
  {
    key: "Suppression",
    label: "Suppression Flag",
    offset: 9,
    length: 1,
    kind: "text",
    description: "Score suppression indicator; blank when the score is not suppressed.",
  },
  {
    key: "ClassSection",
    label: "Class Section Code",
    offset: 10,
    length: 1,
    kind: "text",
    description: "Class section code assigned by the school; blank when none.",
  },
];

function examFields(n: number): TxtField[] {
  return EXAM_BLOCK.map((part) =>
    field("Exams", {
      key: `exam${n}${part.key}`,
      label: `Exam ${n} ${part.label}`,
      start: examStart(n) + part.offset,
      length: part.length,
      kind: part.kind,
      description: part.description,
    }),
  );
}

function previousAiFields(n: number): TxtField[] {
  const start = 173 + 8 * (n - 1);
  return [
    field("Previous schools", {
      key: `previousAi${n}Year`,
      label: `Previous AI ${n} Year`,
      start,
      length: 2,
      kind: "year",
      description: `Year (YY) the student attended previous school ${n}; blank when none is reported.`,
    }),
    field("Previous schools", {
      key: `previousAi${n}Code`,
      label: `Previous AI ${n} Code`,
      start: start + 2,
      length: 6,
      kind: "code",
      description: `Six-digit AI (CEEB) code of previous school ${n}; blank when none is reported.`,
    }),
  ];
}

function awardFields(n: number): TxtField[] {
  const start = 189 + 4 * (n - 1);
  return [
    field("Awards", {
      key: `award${n}Type`,
      label: `Award ${n} Type`,
      start,
      length: 2,
      kind: "code",
      description: `Two-digit AP award code (e.g. 01 AP Scholar); blank when the student has fewer than ${n} awards.`,
    }),
    field("Awards", {
      key: `award${n}Year`,
      label: `Award ${n} Year`,
      start: start + 2,
      length: 2,
      kind: "year",
      description: `Year (YY) award ${n} was earned.`,
    }),
  ];
}

function raceFields(): TxtField[] {
  // The response list of the race/ethnicity question is not published with the layout, so the
  // flags are named by their position rather than by a guessed category.
  return Array.from({ length: RACE_FLAGS }, (_, i) =>
    field("Race/ethnicity", {
      key: `race${i + 1}`,
      label: `Race/Ethnicity Response ${i + 1}`,
      start: 901 + i,
      length: 1,
      kind: "flag",
      description: `Y if the student selected response ${i + 1} of the race/ethnicity question, otherwise N.`,
    }),
  );
}

export const TXT_FIELDS: readonly TxtField[] = [
  // Student
  field("Student", {
    key: "apId",
    label: "AP ID",
    start: 1,
    length: 8,
    kind: "text",
    description: "The student's eight-character AP ID; the same for every report the student sends.",
  }),
  field("Student", { key: "lastName", label: "Last Name", start: 9, length: 15, kind: "text", description: "Student's last name, cut at 15 characters." }),
  field("Student", { key: "firstName", label: "First Name", start: 24, length: 12, kind: "text", description: "Student's first name, cut at 12 characters." }),
  field("Student", {
    key: "middleInitial",
    label: "Middle Initial",
    start: 36,
    length: 1,
    kind: "text",
    description: "Student's middle initial; blank when none.",
  }),
  ...addressLines("Student", "addressLine", "Street Address", 37, "the student's"),
  field("Student", {
    key: "state",
    label: "State",
    start: 127,
    length: 2,
    kind: "text",
    description: "Two-letter state or territory code of the student's address.",
  }),
  field("Student", { key: "zip", label: "ZIP Code", start: 129, length: 9, kind: "text", description: "ZIP code, or ZIP+4 without a dash (e.g. 100231234)." }),
  field("Student", { key: "countryCode", label: "Country Code", start: 138, length: 3, kind: "text", description: "Country code of the student's address." }),
  field("Student", { key: "gender", label: "Gender", start: 141, length: 1, kind: "text", description: "M male, F female, A another gender, U unknown." }),
  field("Student", { key: "dateOfBirth", label: "Date of Birth", start: 142, length: 6, kind: "date", description: "Student's date of birth (MMDDYY)." }),
  filler("Student", 148, 9, "Formerly the Social Security number; now always blank."),
  field("Student", {
    key: "educationLevel",
    label: "Education Level",
    start: 157,
    length: 1,
    kind: "text",
    description: "Education level code the student reported at the latest exam.",
  }),
  field("Student", {
    key: "expectedCollegeEntrance",
    label: "Expected College Entrance",
    start: 158,
    length: 3,
    kind: "text",
    description: "When the student expects to enter college, as reported by the student (term and year).",
  }),
  filler("Student", 161, 1, "Reserved for future use; always blank."),
  field("Student", {
    key: "studentSearch",
    label: "Student Search",
    start: 162,
    length: 1,
    kind: "flag",
    description: "Y if the student opted in to Student Search Service, N if not, blank if not answered.",
  }),
  field("Student", {
    key: "bestLanguage",
    label: "Best Language",
    start: 163,
    length: 1,
    kind: "text",
    description: "Code of the language the student reports knowing best.",
  }),
  field("Student", {
    key: "sophomoreStanding",
    label: "Applying for Sophomore Standing",
    start: 164,
    length: 1,
    kind: "flag",
    description: "Y if the student intends to apply for sophomore standing, otherwise N.",
  }),
  filler("Student", 165, 8, "Reserved for future use; always blank."),
  // Previous schools (AI = Attending Institution)
  ...previousAiFields(1),
  ...previousAiFields(2),
  // Awards
  ...Array.from({ length: AWARD_SLOTS }, (_, i) => awardFields(i + 1)).flat(),
  // High school
  field("High school", {
    key: "highSchoolAiCode",
    label: "High School AI Code",
    start: 213,
    length: 6,
    kind: "code",
    description: "Six-digit AI (CEEB) code of the student's high school.",
  }),
  field("High school", {
    key: "highSchoolContactName",
    label: "High School Contact Name",
    start: 219,
    length: 30,
    kind: "text",
    description: "Name of the AP contact at the high school.",
  }),
  field("High school", {
    key: "highSchoolName",
    label: "High School Name",
    start: 249,
    length: 30,
    kind: "text",
    description: "Name of the student's high school.",
  }),
  ...addressLines("High school", "highSchoolAddressLine", "High School Street Address", 279, "the high school's"),
  field("High school", {
    key: "highSchoolState",
    label: "High School State",
    start: 369,
    length: 2,
    kind: "text",
    description: "Two-letter state code of the high school.",
  }),
  field("High school", {
    key: "highSchoolZip",
    label: "High School ZIP Code",
    start: 371,
    length: 5,
    kind: "text",
    description: "Five-digit ZIP code of the high school.",
  }),
  // College (the receiving institution)
  field("College", {
    key: "collegeDiCode",
    label: "College DI Code",
    start: 376,
    length: 6,
    kind: "code",
    description: "Designated Institution (DI) code of the college receiving the report, zero-padded to six digits (e.g. 005818 for DI code 5818).",
  }),
  field("College", {
    key: "collegeContactName",
    label: "College Contact Name",
    start: 382,
    length: 30,
    kind: "text",
    description: "Name of the contact at the receiving college.",
  }),
  field("College", { key: "collegeName", label: "College Name", start: 412, length: 30, kind: "text", description: "Name of the receiving college." }),
  ...addressLines("College", "collegeAddressLine", "College Street Address", 442, "the college's"),
  field("College", { key: "collegeState", label: "College State", start: 532, length: 2, kind: "text", description: "Two-letter state code of the college." }),
  field("College", { key: "collegeZip", label: "College ZIP Code", start: 534, length: 5, kind: "text", description: "Five-digit ZIP code of the college." }),
  // Exams 1-30, 11 characters each
  ...Array.from({ length: EXAM_SLOTS }, (_, i) => examFields(i + 1)).flat(),
  // Report
  field("Report", {
    key: "dateGradesReleased",
    label: "Date Grades Released to College",
    start: 869,
    length: 6,
    kind: "date",
    description: "Date the grades were first released to this college (MMDDYY).",
  }),
  field("Report", {
    key: "dateLastStudentUpdate",
    label: "Date of Last Student Update",
    start: 875,
    length: 6,
    kind: "date",
    description: "Date the student's record last changed (MMDDYY), e.g. a rescore or a withheld score.",
  }),
  field("Report", {
    key: "dateOfReport",
    label: "Date of This Report",
    start: 881,
    length: 6,
    kind: "date",
    description: "Date this report was produced (MMDDYY).",
  }),
  field("Report", {
    key: "serviceType",
    label: "Service Type",
    start: 887,
    length: 2,
    kind: "text",
    description: "Type of score-report service that produced this report.",
  }),
  field("Report", {
    key: "serviceCode",
    label: "Service Code",
    start: 889,
    length: 4,
    kind: "text",
    description: "Code of the score-report service that produced this report.",
  }),
  field("Report", {
    key: "orderingInstitutionKey",
    label: "Ordering Institution Key",
    start: 893,
    length: 8,
    kind: "text",
    description: "Key of the score-report order this record belongs to.",
  }),
  // Race/ethnicity
  ...raceFields(),
  filler("Race/ethnicity", 912, 22, "Reserved for future use; always blank."),
  field("Race/ethnicity", {
    key: "derivedAggregateRace",
    label: "Derived Aggregate Race/Ethnicity",
    start: 934,
    length: 2,
    kind: "code",
    description: "Two-digit aggregate race/ethnicity category derived from the responses above.",
  }),
  filler("Race/ethnicity", 936, 15, "Reserved for future use; always blank."),
];

/** The fields the CSV carries: every non-filler field, in TXT order. */
export const CSV_FIELDS: readonly TxtField[] = TXT_FIELDS.filter((f) => f.kind !== "filler");

/** CSV header names, one per {@link CSV_FIELDS} entry. */
export function csvHeaderNames(): string[] {
  return CSV_FIELDS.map((f) => f.label);
}

const FIELD_BY_KEY: ReadonlyMap<string, TxtField> = new Map(TXT_FIELDS.map((f) => [f.key, f]));

/** The field with this key; throws for an unknown key because that is a programming error. */
export function txtField(key: string): TxtField {
  const found = FIELD_BY_KEY.get(key);
  if (!found) throw new Error(`Unknown TXT field key: ${key}`);
  return found;
}
