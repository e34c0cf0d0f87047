import type { Award, ExamResult, StudentRecord } from "@/lib/formats/record";
import { zonedIsoDate } from "@/lib/dates";

/** What a student record holds besides identity, exams, awards and the receiving college. */
export type StudentProfile = Omit<
  StudentRecord,
  | "apId"
  | "lastName"
  | "firstName"
  | "middleInitial"
  | "dateOfBirth"
  | "exams"
  | "awards"
  | "college"
  | "dateGradesReleased"
  | "dateLastStudentUpdate"
  | "dateOfReport"
>;

export interface CollegeInfo {
  code: string;
  name: string;
  contactName: string;
  addressLines: string[];
  city: string;
  state: string;
  zip: string;
}

export interface StudentIdentity {
  apId: string;
  firstName: string;
  lastName: string;
  middleInitial: string;
  dateOfBirth: string | null;
}

/** Most recent administrations first would hide old exams past 30; the layout lists oldest first. */
export function orderExams(exams: ExamResult[]): ExamResult[] {
  return [...exams].sort((a, b) => a.adminYear - b.adminYear || a.examCode.localeCompare(b.examCode)).slice(-30);
}

export function orderAwards(awards: Award[]): Award[] {
  return [...awards].sort((a, b) => a.year - b.year || a.type.localeCompare(b.type)).slice(-6);
}

/** The cumulative record of one student as sent to one college at one release. */
export function buildRecord(args: {
  identity: StudentIdentity;
  profile: StudentProfile;
  exams: ExamResult[];
  awards: Award[];
  college: CollegeInfo;
  firstReleasedAt: Date;
  releasedAt: Date;
  studentUpdatedAt: Date;
}): StudentRecord {
  const { identity, profile, college } = args;
  const collegeLines = college.addressLines.slice(0, 3);
  if (college.city && collegeLines.length < 3) collegeLines.push(college.city);
  return {
    ...profile,
    apId: identity.apId,
    firstName: identity.firstName,
    lastName: identity.lastName,
    middleInitial: identity.middleInitial,
    dateOfBirth: identity.dateOfBirth,
    exams: orderExams(args.exams),
    awards: orderAwards(args.awards),
    college: {
      diCode: college.code,
      contactName: college.contactName,
      name: college.name,
      address: { lines: collegeLines, state: college.state, zip: college.zip },
    },
    dateGradesReleased: zonedIsoDate(args.firstReleasedAt),
    dateLastStudentUpdate: zonedIsoDate(args.studentUpdatedAt),
    dateOfReport: zonedIsoDate(args.releasedAt),
  };
}

/** A profile with every field blank, for students sent in with identity and exams only. */
export function emptyProfile(): StudentProfile {
  return {
    address: { lines: [], state: "", zip: "", countryCode: "" },
    gender: "U",
    educationLevel: "",
    expectedCollegeEntrance: "",
    studentSearch: "",
    bestLanguage: "",
    sophomoreStanding: "",
    previousAis: [],
    highSchool: { aiCode: "", contactName: "", name: "", address: { lines: [], state: "", zip: "" } },
    serviceType: "",
    serviceCode: "",
    orderingInstitutionKey: "",
    raceEthnicity: Array.from({ length: 11 }, () => false),
    derivedAggregateRace: "",
  };
}
