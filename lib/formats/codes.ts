/** Code tables of the AP program (DOMAIN.md §5). One source for validation, files and pages. */

export const EXAM_CODES = {
  "07": "United States History",
  "10": "African American Studies",
  "13": "Art History",
  "14": "Drawing",
  "15": "2-D Art and Design",
  "16": "3-D Art and Design",
  "20": "Biology",
  "22": "Seminar",
  "23": "Research",
  "25": "Chemistry",
  "28": "Chinese Language and Culture",
  "31": "Computer Science A",
  "32": "Computer Science Principles",
  "34": "Microeconomics",
  "35": "Macroeconomics",
  "36": "English Language and Composition",
  "37": "English Literature and Composition",
  "40": "Environmental Science",
  "43": "European History",
  "48": "French Language and Culture",
  "53": "Human Geography",
  "55": "German Language and Culture",
  "57": "United States Government and Politics",
  "58": "Comparative Government and Politics",
  "60": "Latin",
  "62": "Italian Language and Culture",
  "64": "Japanese Language and Culture",
  "65": "Precalculus",
  "66": "Calculus AB",
  "68": "Calculus BC",
  "69": "Calculus BC: AB Subscore",
  "75": "Music Theory",
  "76": "Music Aural Subscore",
  "77": "Music Non-Aural Subscore",
  "80": "Physics C: Mechanics",
  "82": "Physics C: Electricity and Magnetism",
  "83": "Physics 1",
  "84": "Physics 2",
  "85": "Psychology",
  "87": "Spanish Language and Culture",
  "89": "Spanish Literature and Culture",
  "90": "Statistics",
  "93": "World History: Modern",
} as const satisfies Record<string, string>;
export type ExamCode = keyof typeof EXAM_CODES;

export const SCORE_MEANINGS = {
  5: "Extremely well qualified",
  4: "Well qualified",
  3: "Qualified",
  2: "Possibly qualified",
  1: "No recommendation",
} as const satisfies Record<number, string>;

export const AWARD_TYPES = {
  "01": "AP Scholar",
  "02": "AP Scholar with Honor",
  "03": "AP Scholar with Distinction",
  "04": "State AP Scholar",
  "05": "National AP Scholar",
  "07": "AP International Diploma",
  "09": "International AP Scholar",
  "13": "AP Capstone Diploma",
  "14": "AP Seminar and Research Certificate",
} as const satisfies Record<string, string>;
export type AwardType = keyof typeof AWARD_TYPES;

export const IRREGULARITY_CODES = {
  "01": "Score not yet available",
  "04": "Score canceled, student's choice",
  "07": "Pending student response",
  "20": "Undertiming of 5 minutes or less",
  "34": "Distraction during exam",
  "37": "Portion of exam lost, score projected",
  "39": "School started exam late",
  "40": "Undertiming of more than 5 minutes",
  "44": "Score projected from multiple-choice section",
  "87": "Score canceled, missing portion",
  "94": "Score canceled at student's request",
  "96": "Score not yet available",
  "98": "Score withheld on college report at student's request",
} as const satisfies Record<string, string>;
export type IrregularityCode = keyof typeof IRREGULARITY_CODES;

/** Irregularities under which no grade is shown on a college report. */
export const NO_GRADE_IRREGULARITIES: ReadonlySet<string> = new Set(["01", "04", "07", "87", "94", "96", "98"]);

export const GENDER_CODES = { M: "Male", F: "Female", A: "Another gender", U: "Unknown" } as const;

export function isExamCode(code: string): code is ExamCode {
  return Object.hasOwn(EXAM_CODES, code);
}
export function isAwardType(code: string): code is AwardType {
  return Object.hasOwn(AWARD_TYPES, code);
}
export function isIrregularityCode(code: string): code is IrregularityCode {
  return Object.hasOwn(IRREGULARITY_CODES, code);
}
