/**
 * Deterministic synthetic score records: the downloadable "TXT sample file", format tests and
 * (through createRng / createSampleRecord) the demo data seeder. Same seed, same records, on
 * every machine: no Math.random, no clock.
 *
 * Every value is invented. Codes, scores, irregularities and awards come from the real code
 * tables (lib/formats/codes.ts); names, schools and addresses are made up. Values stay within
 * printable ASCII and within their field lengths, so the sample file carries each record
 * exactly and parseTxtRecord(toTxtRecord(r)) gives r back.
 */
import { EXAM_CODES, IRREGULARITY_CODES, NO_GRADE_IRREGULARITIES } from "@/lib/formats/codes";
import type { Award, ExamResult, PostalAddress, PreviousAi, StudentRecord } from "@/lib/formats/record";

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A shuffled copy (Fisher-Yates); take a prefix for distinct picks. */
  shuffle<T>(items: readonly T[]): T[];
  /** A string of `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string;
}

/** A small seeded PRNG (mulberry32): fast, 32-bit state, good enough for test data, not for secrets. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[int(0, items.length - 1)]!;
  };
  return {
    next,
    int,
    pick,
    chance: (p) => next() < p,
    shuffle: <T>(items: readonly T[]): T[] => {
      const copy = items.slice();
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i);
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
    chars: (alphabet, length) => Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join(""),
  };
}

/** The institution the sample file is addressed to (DI code 5818, a fictional university). */
export const SAMPLE_COLLEGE: StudentRecord["college"] = {
  diCode: "5818",
  contactName: "Office of Admissions",
  name: "Example University",
  address: { lines: ["100 Example Plaza", "New York"], state: "NY", zip: "10023" },
};

export interface SampleOptions {
  /** Reporting year: the latest exams are from this year's May administration. Default 2026. */
  reportYear?: number;
  /** The receiving college; default SAMPLE_COLLEGE. */
  college?: StudentRecord["college"];
}

const DEFAULT_REPORT_YEAR = 2026;

// Lengths respect the layout (last name 15, first name 12) so records survive a round trip.
export const FIRST_NAMES = [
  "Olivia",
  "Liam",
  "Emma",
  "Noah",
  "Amelia",
  "Mateo",
  "Sofia",
  "Elijah",
  "Aaliyah",
  "James",
  "Mia",
  "Lucas",
  "Priya",
  "Wei",
  "Fatima",
  "Diego",
  "Hannah",
  "Kwame",
  "Chloe",
  "Santiago",
  "Yuki",
  "Isabella",
  "Omar",
  "Grace",
  "Ethan",
  "Zoe",
  "Arjun",
  "Leah",
  "Malik",
  "Ava",
] as const;
const LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Garcia",
  "Nguyen",
  "Patel",
  "Kim",
  "O'Brien",
  "Rodriguez",
  "Chen",
  "Okafor",
  "Martinez",
  "Davis",
  "Hernandez",
  "Lopez",
  "Wilson",
  "Anderson",
  "Thomas",
  "Jackson",
  "Rivera",
  "Cohen",
  "Kowalski",
  "Nakamura",
  "Haddad",
  "Garcia-Lopez",
  "St. James",
  "Brown",
  "Miller",
  "Baptiste",
  "MacDonald",
] as const;
const STREET_NAMES = [
  "Maple",
  "Oak",
  "Cedar",
  "Elm",
  "Washington",
  "Lake",
  "Hill",
  "Park",
  "Main",
  "Pine",
  "Sunset",
  "Franklin",
  "River",
  "Highland",
  "Church",
] as const;
const STREET_SUFFIXES = ["St", "Ave", "Rd", "Blvd", "Ln", "Dr", "Ct", "Way", "Pl"] as const;
const SCHOOL_WORDS = ["Central", "North", "Lincoln", "Roosevelt", "Riverside", "Westfield", "Jefferson", "Kennedy", "Oakwood", "Summit"] as const;

/** Towns with a plausible ZIP for their state; ZIP prefixes follow the real state ranges. */
const TOWNS = [
  { city: "Albany", state: "NY", zip: "12203" },
  { city: "Brooklyn", state: "NY", zip: "11215" },
  { city: "Newark", state: "NJ", zip: "07102" },
  { city: "Hartford", state: "CT", zip: "06103" },
  { city: "Boston", state: "MA", zip: "02116" },
  { city: "Philadelphia", state: "PA", zip: "19104" },
  { city: "Baltimore", state: "MD", zip: "21201" },
  { city: "Atlanta", state: "GA", zip: "30303" },
  { city: "Miami", state: "FL", zip: "33130" },
  { city: "Chicago", state: "IL", zip: "60614" },
  { city: "Austin", state: "TX", zip: "78701" },
  { city: "Denver", state: "CO", zip: "80202" },
  { city: "Seattle", state: "WA", zip: "98101" },
  { city: "San Diego", state: "CA", zip: "92101" },
  { city: "Portland", state: "OR", zip: "97205" },
] as const;

/**
 * Exam codes a student registers for. Subscores are not taken on their own: Calculus BC brings
 * its AB subscore (69), Music Theory its aural and non-aural subscores (76, 77).
 */
const SUBSCORES: Readonly<Record<string, readonly string[]>> = { "68": ["69"], "75": ["76", "77"] };
const SUBSCORE_CODES = new Set(Object.values(SUBSCORES).flat());
const REGISTRABLE_EXAMS = Object.keys(EXAM_CODES).filter((code) => !SUBSCORE_CODES.has(code));
const IRREGULARITIES = Object.keys(IRREGULARITY_CODES);
/** Roughly the national score distribution: 3 and 4 most common, 1 least. */
const SCORE_WEIGHTS: readonly number[] = [1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5];

const ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
const DIGITS = "0123456789";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function iso(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function streetLine(rng: Rng): string {
  return `${rng.int(1, 9999)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`;
}

function homeAddress(rng: Rng): PostalAddress & { countryCode: string } {
  const town = rng.pick(TOWNS);
  const lines = [streetLine(rng)];
  if (rng.chance(0.2)) lines.push(`Apt ${rng.int(1, 20)}${rng.pick(["A", "B", "C", "D"])}`);
  lines.push(town.city);
  const zip = rng.chance(0.5) ? town.zip + rng.chars(DIGITS, 4) : town.zip;
  return { lines, state: town.state, zip, countryCode: "USA" };
}

function sampleExams(rng: Rng, reportYear: number): ExamResult[] {
  // Two or three spring administrations (grades 10-12), one to four exams each.
  const years = rng.chance(0.6) ? [reportYear - 2, reportYear - 1, reportYear] : [reportYear - 1, reportYear];
  const codes = rng.shuffle(REGISTRABLE_EXAMS);
  const exams: ExamResult[] = [];
  const examFor = (adminYear: number, examCode: string): ExamResult => {
    const irregularityCodes: string[] = [];
    if (rng.chance(0.08)) irregularityCodes.push(rng.pick(IRREGULARITIES));
    if (irregularityCodes.length === 1 && rng.chance(0.2)) {
      const second = rng.pick(IRREGULARITIES);
      if (second !== irregularityCodes[0]) irregularityCodes.push(second);
    }
    const noGrade = irregularityCodes.some((code) => NO_GRADE_IRREGULARITIES.has(code));
    return {
      adminYear,
      examCode,
      score: noGrade ? null : rng.pick(SCORE_WEIGHTS),
      irregularityCodes,
      suppression: "",
      classSection: rng.chance(0.3) ? rng.chars(LETTERS, 1) : "",
    };
  };
  for (const year of years) {
    for (let i = rng.int(1, 4); i > 0 && codes.length > 0; i--) {
      const code = codes.pop()!;
      exams.push(examFor(year, code));
      for (const subscore of SUBSCORES[code] ?? []) exams.push(examFor(year, subscore));
    }
  }
  return exams;
}

/**
 * Awards earned by the end of the latest administration, following the published thresholds
 * loosely (3+ exams of 3+ → AP Scholar; higher counts and averages → with Honor / Distinction).
 */
function sampleAwards(exams: readonly ExamResult[], reportYear: number): Award[] {
  const graded = exams.filter((e) => !SUBSCORE_CODES.has(e.examCode) && e.score !== null);
  const passing = graded.filter((e) => (e.score ?? 0) >= 3).length;
  const average = graded.reduce((sum, e) => sum + (e.score ?? 0), 0) / Math.max(graded.length, 1);
  const type = passing >= 5 && average >= 3.5 ? "03" : passing >= 4 && average >= 3.25 ? "02" : passing >= 3 ? "01" : null;
  if (!type) return [];
  const awards: Award[] = [{ type, year: reportYear }];
  if (exams.some((e) => e.examCode === "22") && exams.some((e) => e.examCode === "23")) awards.push({ type: "14", year: reportYear });
  return awards;
}

/** One synthetic record drawn from `rng`; exported so the demo seeder can mix its own choices in. */
export function createSampleRecord(rng: Rng, options: SampleOptions = {}): StudentRecord {
  const reportYear = options.reportYear ?? DEFAULT_REPORT_YEAR;
  // A copy per record, so a caller editing one record cannot change the others.
  const college = structuredClone(options.college ?? SAMPLE_COLLEGE);
  const exams = sampleExams(rng, reportYear);
  const lastAdminYear = exams.reduce((max, e) => Math.max(max, e.adminYear), reportYear - 1);

  const releaseDay = rng.int(1, 10);
  const hsTown = rng.pick(TOWNS);
  const highSchool: StudentRecord["highSchool"] = {
    aiCode: rng.chars(DIGITS, 6),
    contactName: `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`,
    name: `${rng.pick(SCHOOL_WORDS)} High School`,
    address: { lines: [streetLine(rng), hsTown.city], state: hsTown.state, zip: hsTown.zip },
  };

  const previousAis: PreviousAi[] = rng.chance(0.15) ? [{ year: reportYear - rng.int(2, 3), code: rng.chars(DIGITS, 6) }] : [];

  const raceEthnicity = Array.from({ length: 11 }, () => false);
  const firstRace = rng.int(0, 10);
  raceEthnicity[firstRace] = true;
  const secondRace = rng.chance(0.15) ? rng.int(0, 10) : firstRace;
  raceEthnicity[secondRace] = true;

  return {
    apId: rng.chars(ALPHANUMERIC, 8),
    lastName: rng.pick(LAST_NAMES),
    firstName: rng.pick(FIRST_NAMES),
    middleInitial: rng.chance(0.8) ? rng.chars(LETTERS, 1) : "",
    address: homeAddress(rng),
    gender: rng.pick(["F", "M", "F", "M", "A", "U"]),
    dateOfBirth: iso(reportYear - rng.int(17, 19), rng.int(1, 12), rng.int(1, 28)),
    educationLevel: rng.pick(["3", "4", "5"]),
    expectedCollegeEntrance: `F${String((reportYear + rng.int(0, 1)) % 100).padStart(2, "0")}`,
    studentSearch: rng.pick(["Y", "N", ""]),
    bestLanguage: rng.chance(0.85) ? "1" : rng.pick(["2", "3", "4"]),
    sophomoreStanding: rng.chance(0.1) ? "Y" : "N",
    previousAis,
    awards: sampleAwards(exams, lastAdminYear),
    highSchool,
    college,
    exams,
    // Scores go out in July; a record may change afterwards and is then reported again.
    dateGradesReleased: iso(lastAdminYear, 7, releaseDay),
    dateLastStudentUpdate: iso(lastAdminYear, 7, releaseDay + rng.int(0, 18)),
    dateOfReport: iso(lastAdminYear, rng.int(8, 9), rng.int(1, 28)),
    serviceType: rng.pick(["01", "02"]),
    serviceCode: rng.chars(DIGITS, 4),
    orderingInstitutionKey: rng.chars(ALPHANUMERIC, 8),
    raceEthnicity,
    derivedAggregateRace: firstRace === secondRace ? String(firstRace + 1).padStart(2, "0") : "12",
  };
}

/** `count` synthetic records for `seed`; the same arguments always give the same records, with distinct AP IDs. */
export function sampleRecords(count = 25, seed = 1, options: SampleOptions = {}): StudentRecord[] {
  const rng = createRng(seed);
  const seen = new Set<string>();
  const records: StudentRecord[] = [];
  while (records.length < count) {
    const record = createSampleRecord(rng, options);
    if (seen.has(record.apId)) continue;
    seen.add(record.apId);
    records.push(record);
  }
  return records;
}
