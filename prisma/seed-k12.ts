/**
 * K-12 demo data (AP Score Reports for K-12 Educators), loaded through the same loader the
 * program administrators' API uses (lib/k12/mutations.ts `loadK12Data`). Contract:
 * prisma/demo-data-k12.ts.
 *
 * Comparison groups are not seeded: the planning report computes the state and global
 * distributions from every exam in the database (these students plus the higher-ed demo's).
 */
import { createRng } from "@/prisma/factories/records";
import { prisma } from "@/lib/db";
import { loadK12Data, storeSchoolCode } from "@/lib/k12/mutations";
import { currentDistrictWindowStartYear, releasedAdminYear } from "@/lib/k12/rules";
import { type K12LoadRequest, K12LoadSchema } from "@/lib/k12/schema";
import {
  K12_DEMO_ACCOUNTS,
  K12_DEMO_DISTRICT,
  K12_DEMO_HOMESCHOOL,
  K12_DEMO_MARKER_STUDENTS,
  K12_DEMO_SCHOOLS,
  K12_DEMO_SEED,
  K12_DEMO_TEACHER_SECTIONS,
  K12_DEMO_TEACHER_SUBJECT,
  k12DemoAccessCode,
} from "@/prisma/demo-data-k12";

export * from "@/prisma/demo-data-k12";

const FIRST = [
  "Aiden",
  "Bella",
  "Carlos",
  "Diya",
  "Emma",
  "Felix",
  "Gia",
  "Hugo",
  "Iris",
  "Jamal",
  "Kira",
  "Liam",
  "Maya",
  "Noah",
  "Olga",
  "Priya",
  "Quinn",
  "Rosa",
  "Sven",
  "Tara",
];
const LAST = [
  "Abbott",
  "Baker",
  "Castillo",
  "Dunn",
  "Ellis",
  "Fischer",
  "Greene",
  "Hayes",
  "Ibarra",
  "Jensen",
  "Khan",
  "Lowe",
  "Moreno",
  "Nash",
  "Ortiz",
  "Park",
  "Reyes",
  "Stone",
  "Tran",
  "Vance",
];
const SCORES = [1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5];

type StudentInput = NonNullable<K12LoadRequest["students"]>[number];

/** The demo's K-12 load request for the given moment (exported for tests). */
export function k12DemoLoad(now: Date): K12LoadRequest {
  const R = releasedAdminYear(now);
  const rng = createRng(K12_DEMO_SEED);
  const a = K12_DEMO_ACCOUNTS;
  const students: StudentInput[] = [];
  let serial = 100;
  const nextId = () => `K12${String(serial++).padStart(5, "0")}`;
  const score = () => SCORES[rng.int(0, SCORES.length - 1)]!;
  const add = (schoolCode: string, examCode: string, adminYear: number, section: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const s = score();
      students.push({
        apId: nextId(),
        firstName: FIRST[rng.int(0, FIRST.length - 1)]!,
        lastName: LAST[rng.int(0, LAST.length - 1)]!,
        gradeLevel: rng.pick(["4", "5"]) as "4" | "5",
        exams: [
          { schoolCode, adminYear, examCode, score: rng.chance(0.05) ? null : s, irregularityCodes: rng.chance(0.08) ? ["20"] : [], classSection: section },
        ],
      });
    }
  };
  const high = K12_DEMO_SCHOOLS.high.code;
  const north = K12_DEMO_SCHOOLS.north.code;
  for (const section of ["1", "2", "3"]) {
    add(high, "66", R, section, 7);
    add(high, "66", R - 1, section, 5);
    add(high, "36", R, section, 6);
    add(north, "20", R, section, 6);
    add(north, "90", R, section, 6);
  }
  // Marker students (fixed names) in each Calculus AB section of year R, with a second exam
  // in English Language, so a roster shows the same student under several subjects.
  const markers = K12_DEMO_MARKER_STUDENTS;
  (["section1", "section2", "section3"] as const).forEach((key, i) => {
    students.push({
      ...markers[key],
      gradeLevel: "5",
      dateOfBirth: "2008-03-1" + i,
      exams: [
        { schoolCode: high, adminYear: R, examCode: "66", score: 3 + (i % 3), irregularityCodes: [], classSection: String(i + 1) },
        { schoolCode: high, adminYear: R, examCode: "36", score: 4, irregularityCodes: [], classSection: String(i + 1) },
      ],
    });
  });

  const user = (k: keyof typeof a) => ({ ...a[k], acceptTerms: true });
  const districtStart = currentDistrictWindowStartYear(now);
  return {
    districts: [K12_DEMO_DISTRICT],
    schools: [
      { ...K12_DEMO_SCHOOLS.high, districtCode: K12_DEMO_DISTRICT.code },
      { ...K12_DEMO_SCHOOLS.north, districtCode: K12_DEMO_DISTRICT.code },
    ],
    homeschools: [K12_DEMO_HOMESCHOOL],
    users: (Object.keys(a) as Array<keyof typeof a>).map(user),
    courseAuthorizations: [
      { email: a.teacher.email, orgCode: high, examCode: K12_DEMO_TEACHER_SUBJECT, schoolYear: R, sections: [...K12_DEMO_TEACHER_SECTIONS] },
      { email: a.teacher.email, orgCode: high, examCode: K12_DEMO_TEACHER_SUBJECT, schoolYear: R - 1, sections: [...K12_DEMO_TEACHER_SECTIONS] },
      { email: a.northTeacher.email, orgCode: north, examCode: "20", schoolYear: R, sections: ["1"] },
      { email: a.dual.email, orgCode: north, examCode: "90", schoolYear: R, sections: ["1"] },
      { email: a.homeschool.email, orgCode: K12_DEMO_HOMESCHOOL.code, orgKind: "HOMESCHOOL", examCode: "66", schoolYear: R, sections: ["1"] },
    ],
    schoolAdmins: [
      { email: a.principal.email, schoolCode: high, position: "Principal", source: "REGISTRATION_ORDERING" },
      { email: a.coordinator.email, schoolCode: high, position: "AP Coordinator", source: "COURSE_AUDIT" },
      { email: a.dual.email, schoolCode: high, position: "AP Coordinator", source: "COURSE_AUDIT" },
    ],
    districtAdmins: [
      {
        email: a.superintendent.email,
        districtCode: K12_DEMO_DISTRICT.code,
        position: "Superintendent",
        authorizedBy: `${a.superintendent.firstName} ${a.superintendent.lastName}`,
        windowStartYear: districtStart,
      },
      {
        email: a.expiredDistrict.email,
        districtCode: K12_DEMO_DISTRICT.code,
        position: "District Administrator",
        authorizedBy: `${a.superintendent.firstName} ${a.superintendent.lastName}`,
        windowStartYear: districtStart - 1,
      },
    ],
    students,
  };
}

/**
 * The README's school codes, `SPFD-<school>-<year>`. They follow a guessable pattern on purpose
 * (so a demo can be typed from the README), which the loader refuses for real codes; so the seed
 * stores them itself. The production guard refuses to start while any of them exists.
 */
export async function storeK12DemoCodes(now: Date): Promise<void> {
  const R = releasedAdminYear(now);
  await prisma.$transaction(async (tx) => {
    for (const school of [K12_DEMO_SCHOOLS.high, K12_DEMO_SCHOOLS.north]) {
      const { id } = await tx.organization.findUniqueOrThrow({ where: { kind_code: { kind: "SCHOOL", code: school.code } }, select: { id: true } });
      await storeSchoolCode(tx, { organizationId: id, code: k12DemoAccessCode(school.code, R), adminYear: R, maxRedemptions: 5, createdById: null });
    }
  });
}

export async function seedK12Demo(now: Date): Promise<void> {
  const result = await loadK12Data(K12LoadSchema.parse(k12DemoLoad(now)), { userId: null, label: "demo seed" }, now);
  if ("ok" in result) throw new Error(`K-12 demo data: ${result.message}`);
  await storeK12DemoCodes(now);
}
