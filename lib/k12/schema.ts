import { z } from "zod";
import { isExamCode, isIrregularityCode } from "@/lib/formats/codes";

/** Grade level, from the education level code on the student's record. */
export const GRADE_LEVELS = {
  "1": "Not yet in 9th grade",
  "2": "9th grade",
  "3": "10th grade",
  "4": "11th grade",
  "5": "12th grade",
  "6": "No longer in high school",
} as const satisfies Record<string, string>;
export type GradeLevel = keyof typeof GRADE_LEVELS;

export function gradeLevelLabel(code: string): string {
  return (GRADE_LEVELS as Record<string, string>)[code] ?? "Not reported";
}

/** Positions a school administrator may hold; only a principal may restrict teachers. */
export const SCHOOL_POSITIONS = ["Principal", "AP Coordinator", "Assistant Principal", "Department Chair", "Other School Administrator"] as const;
/** Positions a district user may hold; the superintendent may authorize district staff. */
export const DISTRICT_POSITIONS = ["Superintendent", "District Administrator"] as const;

/** The school access code shared by the principal: at most this many staff (seed 002). */
export const MAX_SCHOOL_CODE_REDEMPTIONS = 5;
/** Aggregates over fewer students than this are not shown. */
export const MIN_AGGREGATE_GROUP = 5;

const examCode = z.string().trim().refine(isExamCode, { error: "Choose a subject from the list." });
const section = z
  .string()
  .trim()
  .regex(/^[0-9A-Z]$/, { error: "A class section is one letter or digit." });
const year = z.coerce.number().int().min(2000).max(2100);

/** Query string of the Student Score Roster (and its CSV download). Empty values mean "all". */
export const RosterFilterSchema = z.object({
  subject: z.union([z.literal(""), examCode]).optional(),
  section: z.union([z.literal(""), section]).optional(),
  grade: z
    .union([z.literal(""), z.enum(Object.keys(GRADE_LEVELS) as [GradeLevel, ...GradeLevel[]], { error: "Choose a grade level from the list." })])
    .optional(),
  year: z.union([z.literal(""), year]).optional(),
  school: z.union([z.literal(""), z.string().regex(/^\d{6}$/, { error: "A school (AI) code is six digits." })]).optional(),
});
export type RosterFilterInput = z.infer<typeof RosterFilterSchema>;

export const PlanningFilterSchema = z.object({ year: z.union([z.literal(""), year]).optional() });

export const SelectOrganizationSchema = z.object({ organizationId: z.uuid({ error: "Choose an organization." }) });

export const RedeemCodeSchema = z.object({
  code: z.string().trim().min(4, { error: "Enter the access code your principal gave you." }).max(64, { error: "That is not an access code." }),
  position: z.enum(SCHOOL_POSITIONS.filter((p) => p !== "Principal") as [string, ...string[]], { error: "Choose your position." }),
});

export const SelectSectionsSchema = z.object({
  authorizationId: z.uuid({ error: "Choose a course." }),
  sections: z
    .array(section)
    .max(36)
    .refine((s) => new Set(s).size === s.length, { error: "Each section once." }),
});

export const RestrictTeachersSchema = z.object({ teachersRestricted: z.boolean({ error: "Say whether teachers are restricted." }) });

export const RemoveStaffSchema = z.object({
  userId: z.uuid({ error: "Choose a staff member." }),
  schoolId: z.uuid({ error: "Choose a school." }).optional(),
});

export const RevealSchoolCodeSchema = z.object({
  password: z.string().min(1, { error: "Enter your password." }).max(200, { error: "That is not your password." }),
});

export const AuthorizeDistrictUserSchema = z.object({
  email: z.email({ error: "Enter the staff member's email address." }).transform((e) => e.trim().toLowerCase()),
});

// ── program administrators: loading K-12 organizations, access and scores ──

const aiCode = z.string().regex(/^\d{6}$/, { error: "A school (AI) code is six digits." });
const email = z.email({ error: "Enter a valid email address." }).transform((e) => e.trim().toLowerCase());
const stateCode = z.string().regex(/^[A-Z]{2}$/, { error: "Use the two-letter state code." });

export const K12LoadSchema = z.object({
  districts: z
    .array(z.object({ code: z.string().trim().min(1).max(12), name: z.string().trim().min(1).max(100), state: stateCode }))
    .max(20)
    .default([]),
  schools: z
    .array(
      z.object({
        code: aiCode,
        name: z.string().trim().min(1).max(100),
        state: stateCode,
        city: z.string().trim().max(40).default(""),
        districtCode: z.string().trim().max(12).optional(),
      }),
    )
    .max(50)
    .default([]),
  homeschools: z
    .array(z.object({ code: z.string().trim().min(1).max(12), name: z.string().trim().min(1).max(100), state: stateCode }))
    .max(5)
    .default([]),
  users: z
    .array(
      z.object({
        email,
        password: z.string().min(12).max(200),
        firstName: z.string().trim().min(1).max(50),
        lastName: z.string().trim().min(1).max(50),
        acceptTerms: z.boolean().default(true),
        /**
         * The program vouches for the address (its College Board account). Only applies to an
         * account the loader creates, or to one someone registered without verifying it (whose
         * password the loader then replaces); false leaves the owner to verify it by email.
         */
        emailVerified: z.boolean().default(true),
      }),
    )
    .max(50)
    .default([]),
  courseAuthorizations: z
    .array(
      z.object({
        email,
        orgCode: z.string().min(1).max(12),
        orgKind: z.enum(["SCHOOL", "HOMESCHOOL"]).default("SCHOOL"),
        examCode,
        schoolYear: year,
        sections: z.array(section).default([]),
      }),
    )
    .max(200)
    .default([]),
  schoolAdmins: z
    .array(
      z.object({
        email,
        schoolCode: aiCode,
        position: z.enum(SCHOOL_POSITIONS),
        source: z.enum(["REGISTRATION_ORDERING", "COURSE_AUDIT"]).default("REGISTRATION_ORDERING"),
      }),
    )
    .max(50)
    .default([]),
  districtAdmins: z
    .array(
      z.object({
        email,
        districtCode: z.string().min(1).max(12),
        position: z.enum(DISTRICT_POSITIONS),
        authorizedBy: z.string().trim().min(1).max(100),
        windowStartYear: year,
      }),
    )
    .max(50)
    .default([]),
  accessCodes: z
    .array(
      z.object({
        schoolCode: aiCode,
        /**
         * Leave out to have a random code generated (kept when the school already has a code for
         * the year). A chosen code must be hard to guess (lib/access-codes/rules.ts).
         */
        code: z.string().trim().min(8).max(64).optional(),
        adminYear: year,
        maxRedemptions: z.number().int().min(1).max(100).default(MAX_SCHOOL_CODE_REDEMPTIONS),
      }),
    )
    .max(50)
    .default([]),
  teacherRestrictions: z
    .array(z.object({ schoolCode: aiCode, teachersRestricted: z.boolean() }))
    .max(50)
    .default([]),
  students: z
    .array(
      z.object({
        apId: z.string().regex(/^[A-Z0-9]{8}$/, { error: "An AP ID is 8 letters or digits." }),
        firstName: z.string().trim().min(1).max(12),
        lastName: z.string().trim().min(1).max(15),
        gradeLevel: z.enum(Object.keys(GRADE_LEVELS) as [GradeLevel, ...GradeLevel[]]).default("5"),
        dateOfBirth: z.iso.date().optional(),
        exams: z
          .array(
            z.object({
              schoolCode: aiCode,
              adminYear: year,
              examCode,
              score: z.number().int().min(1).max(5).nullable(),
              irregularityCodes: z
                .array(z.string().refine(isIrregularityCode, { error: "Unknown irregularity code." }))
                .max(2)
                .default([]),
              classSection: z.union([z.literal(""), section]).default(""),
            }),
          )
          .min(1)
          .max(30),
      }),
    )
    .max(2000)
    .default([]),
});
export type K12LoadInput = z.infer<typeof K12LoadSchema>;
export type K12LoadRequest = z.input<typeof K12LoadSchema>;
