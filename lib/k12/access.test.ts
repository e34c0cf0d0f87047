import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { startOfZonedDay } from "@/lib/dates";
import { prisma } from "@/lib/db";
import { resolveK12Access, rosterRows, rosterCsv, planningReport, studentDatafile, staffList } from "@/lib/k12/queries";
import { pickOption, seesStudentLevel, HOMESCHOOL_NOTICE } from "@/lib/k12/rules";
import { loadK12Data, redeemSchoolCode, setTeachersRestricted, removeStaffAccess, selectSections, authorizeDistrictUser } from "@/lib/k12/mutations";
import { K12LoadSchema } from "@/lib/k12/schema";
import { k12DemoLoad, K12_DEMO_ACCOUNTS, K12_DEMO_MARKER_STUDENTS, k12DemoAccessCode, storeK12DemoCodes } from "@/prisma/seed-k12";

useTestDatabase();

// A fixed moment: November 2026 → scores of the 2026 administration are released; school year 2026 = 2025-26.
const NOW = startOfZonedDay("2026-11-15");
const R = 2026;

async function userId(email: string): Promise<string> {
  return (await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
}

async function access(email: string, now = NOW) {
  return resolveK12Access(await userId(email), now);
}

async function load(input: unknown) {
  const result = await loadK12Data(K12LoadSchema.parse(input), { userId: null, label: "test" }, NOW);
  if ("ok" in result) throw new Error(result.message);
  return result;
}

function user(email: string) {
  return { email, password: "Long-Test-Password-1", firstName: "T", lastName: email.split("@")[0]! };
}

beforeAll(async () => {
  await load(k12DemoLoad(NOW));
  await storeK12DemoCodes(NOW);
});

describe("AP teachers", () => {
  it("see only their authorized subject and their own sections' students", async () => {
    const a = await access(K12_DEMO_ACCOUNTS.teacher.email);
    expect(a.options).toHaveLength(1);
    const option = a.options[0]!;
    expect(option.role).toBe("K12_TEACHER");
    const rows = await rosterRows(option, {}, null, NOW);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.examCode))).toEqual(new Set(["66"]));
    expect(new Set(rows.map((r) => r.section))).toEqual(new Set(["1", "2"]));
    const names = rows.map((r) => r.lastName);
    expect(names).toContain(K12_DEMO_MARKER_STUDENTS.section1.lastName);
    expect(names).not.toContain(K12_DEMO_MARKER_STUDENTS.section3.lastName);
    // Previous year's reports too, because the teacher renewed for the current year.
    expect(new Set(rows.map((r) => r.adminYear))).toEqual(new Set([R, R - 1]));
  });

  it("without authorization for the most recent released year see no current or previous reports", async () => {
    await load({
      schools: [{ code: "300001", name: "Lapsed High", state: "IL" }],
      users: [user("lapsed@k12.test")],
      courseAuthorizations: [{ email: "lapsed@k12.test", orgCode: "300001", examCode: "66", schoolYear: R - 1, sections: ["1"] }],
      students: [
        {
          apId: "LAPS0001",
          firstName: "Old",
          lastName: "Student",
          exams: [{ schoolCode: "300001", adminYear: R - 1, examCode: "66", score: 4, classSection: "1" }],
        },
      ],
    });
    const a = await access("lapsed@k12.test");
    expect(a.options).toEqual([]);
    expect(a.notices.join(" ")).toMatch(/2025-26 school year/);
    // The same authorization works in June 2026, when 2025 is still the released year.
    const june = await access("lapsed@k12.test", startOfZonedDay("2026-06-15"));
    expect(june.options.map((o) => o.code)).toEqual(["300001"]);
  });

  it("authorized under the general state homeschool organization get no access", async () => {
    const a = await access(K12_DEMO_ACCOUNTS.homeschool.email);
    expect(a.options).toEqual([]);
    expect(a.notices).toContain(HOMESCHOOL_NOTICE);
  });

  it("restricted by their principal keep only aggregate planning reports", async () => {
    await load({
      schools: [{ code: "300002", name: "Restricted High", state: "IL" }],
      users: [user("r-principal@k12.test"), user("r-teacher@k12.test")],
      schoolAdmins: [{ email: "r-principal@k12.test", schoolCode: "300002", position: "Principal" }],
      courseAuthorizations: [{ email: "r-teacher@k12.test", orgCode: "300002", examCode: "20", schoolYear: R, sections: ["1"] }],
      students: Array.from({ length: 6 }, (_, i) => ({
        apId: `RSTR000${i}`,
        firstName: "Stu",
        lastName: `Dent${i}`,
        exams: [{ schoolCode: "300002", adminYear: R, examCode: "20", score: (i % 5) + 1, classSection: "1" }],
      })),
    });
    const principal = (await access("r-principal@k12.test")).options[0]!;
    const before = (await access("r-teacher@k12.test")).options[0]!;
    expect(seesStudentLevel(before)).toBe(true);
    expect(await rosterRows(before, {}, null, NOW)).toHaveLength(6);

    expect(await setTeachersRestricted(await userId("r-principal@k12.test"), principal, true)).toEqual({ ok: true });
    const after = (await access("r-teacher@k12.test")).options[0]!;
    expect(seesStudentLevel(after)).toBe(false);
    expect(await rosterRows(after, {}, null, NOW)).toEqual([]);
    const planning = await planningReport(after, undefined, NOW);
    expect(planning.subjects[0]!.groups[0]!.distribution).toMatchObject({ total: 6, suppressed: false, counts: [2, 1, 1, 1, 1] });
  });

  it("are refused restricting teachers when not the principal", async () => {
    const coordinator = (await access(K12_DEMO_ACCOUNTS.coordinator.email)).options[0]!;
    const result = await setTeachersRestricted(await userId(K12_DEMO_ACCOUNTS.coordinator.email), coordinator, true);
    expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });

  it("selecting or changing sections emails the school's administrators", async () => {
    const teacher = await prisma.user.findUniqueOrThrow({ where: { email: K12_DEMO_ACCOUNTS.northTeacher.email } });
    const option = (await access(teacher.email)).options[0]!;
    await load({
      users: [user("north-principal@k12.test")],
      schoolAdmins: [{ email: "north-principal@k12.test", schoolCode: "141235", position: "Principal" }],
    });
    const auth = option.authorizations[0]!;
    const same = await selectSections(teacher, option, auth.id, ["1"], NOW);
    expect(same).toEqual({ ok: true, changed: false, notified: 0 });
    const changed = await selectSections(teacher, option, auth.id, ["1", "3"], NOW);
    expect(changed).toMatchObject({ ok: true, changed: true });
    const mail = await prisma.outboxEmail.findFirst({ where: { to: "north-principal@k12.test" }, orderBy: { id: "desc" } });
    expect(mail?.subject).toMatch(/changed class sections for Biology/);
    expect(mail?.text).toMatch(/Sections now: 1, 3/);
    // The teacher cannot pick a course they are not authorized for.
    expect(await selectSections(teacher, option, "00000000-0000-4000-8000-000000000000", ["1"], NOW)).toMatchObject({ ok: false, code: "NOT_FOUND" });
  });
});

describe("school administrators", () => {
  it("get access automatically through registration/ordering or course-audit access and see the whole school", async () => {
    const a = await access(K12_DEMO_ACCOUNTS.coordinator.email);
    expect(a.options.map((o) => [o.code, o.role])).toEqual([["141234", "SCHOOL_ADMIN"]]);
    const rows = await rosterRows(a.options[0]!, {}, null, NOW);
    expect(new Set(rows.map((r) => r.section))).toEqual(new Set(["1", "2", "3"]));
    expect(new Set(rows.map((r) => r.examCode))).toEqual(new Set(["66", "36"]));
    expect(rows.every((r) => r.schoolCode === "141234")).toBe(true);
  });

  it("by access code: five staff at most, the sixth is refused with an explanation", async () => {
    await load({
      schools: [{ code: "300003", name: "Code High", state: "IL" }],
      users: Array.from({ length: 7 }, (_, i) => user(`staff${i}@k12.test`)),
      accessCodes: [{ schoolCode: "300003", code: "CODE-HX7Q-M4RT-ZP9W", adminYear: R }],
    });
    const ids = await Promise.all(Array.from({ length: 7 }, (_, i) => userId(`staff${i}@k12.test`)));
    // Concurrent redemptions cannot exceed the limit.
    const results = await Promise.all(ids.slice(0, 6).map((id) => redeemSchoolCode(id, "code-hx7q-m4rt-zp9w", "AP Coordinator", null, NOW)));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    const refused = results.find((r) => !r.ok)!;
    expect(refused).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(!refused.ok && refused.message).toMatch(/already been shared with 5 staff members/);
    const winner = ids[results.findIndex((r) => r.ok)]!;
    expect((await resolveK12Access(winner, NOW)).options[0]).toMatchObject({ code: "300003", role: "SCHOOL_ADMIN" });

    // Removing one staff member frees a slot for someone else.
    await load({ users: [user("code-principal@k12.test")], schoolAdmins: [{ email: "code-principal@k12.test", schoolCode: "300003", position: "Principal" }] });
    const principal = (await access("code-principal@k12.test")).options[0]!;
    expect(await removeStaffAccess(await userId("code-principal@k12.test"), principal, winner, undefined, NOW)).toMatchObject({ ok: true });
    expect((await resolveK12Access(winner, NOW)).options).toEqual([]);
    expect(await redeemSchoolCode(ids[6]!, "CODE-HX7Q-M4RT-ZP9W", "Department Chair", null, NOW)).toMatchObject({ ok: true });
  });

  it("codes expire with the year, and unknown codes are refused", async () => {
    await load({
      schools: [{ code: "300004", name: "Old Code High", state: "IL" }],
      users: [user("late@k12.test")],
      accessCodes: [{ schoolCode: "300004", code: "OLDC-7QKX-M4RT-ZP9W", adminYear: R - 1 }],
    });
    const id = await userId("late@k12.test");
    expect(await redeemSchoolCode(id, "OLDC-7QKX-M4RT-ZP9W", "AP Coordinator", null, NOW)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/expired/),
    });
    expect(await redeemSchoolCode(id, "NOPE-NOPE-NOPE", "AP Coordinator", null, NOW)).toMatchObject({ ok: false, message: expect.stringMatching(/not valid/) });
    // Access granted by a code ends when the code expires.
    await load({ accessCodes: [{ schoolCode: "300004", code: "NEWC-9WZP-TR4M-XKQ7", adminYear: R }] });
    expect(await redeemSchoolCode(id, "NEWC-9WZP-TR4M-XKQ7", "AP Coordinator", null, NOW)).toMatchObject({ ok: true });
    expect((await access("late@k12.test", startOfZonedDay(`${R + 1}-07-02`))).options).toEqual([]);
  });

  it("administrator access supersedes a department chair's teacher access at the same school", async () => {
    await load({
      users: [user("chair@k12.test")],
      courseAuthorizations: [{ email: "chair@k12.test", orgCode: "141234", examCode: "66", schoolYear: R, sections: ["1"] }],
    });
    expect((await access("chair@k12.test")).options[0]!.role).toBe("K12_TEACHER");
    const id = await userId("chair@k12.test");
    expect(await redeemSchoolCode(id, k12DemoAccessCode("141234", R), "Department Chair", null, NOW)).toMatchObject({ ok: true });
    const option = (await access("chair@k12.test")).options[0]!;
    expect(option).toMatchObject({ role: "SCHOOL_ADMIN", position: "Department Chair" });
    const rows = await rosterRows(option, {}, null, NOW);
    expect(new Set(rows.map((r) => r.examCode))).toEqual(new Set(["66", "36"]));
  });

  it("a principal removes a teacher's access; a teacher cannot be removed by another school", async () => {
    await load({
      schools: [{ code: "300005", name: "Removal High", state: "IL" }],
      users: [user("rm-principal@k12.test"), user("rm-teacher@k12.test")],
      schoolAdmins: [{ email: "rm-principal@k12.test", schoolCode: "300005", position: "Principal" }],
      courseAuthorizations: [{ email: "rm-teacher@k12.test", orgCode: "300005", examCode: "20", schoolYear: R, sections: ["1"] }],
    });
    const other = (await access(K12_DEMO_ACCOUNTS.principal.email)).options[0]!;
    const teacherId = await userId("rm-teacher@k12.test");
    expect(await removeStaffAccess(await userId(K12_DEMO_ACCOUNTS.principal.email), other, teacherId, undefined, NOW)).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
    const principal = (await access("rm-principal@k12.test")).options[0]!;
    expect((await staffList(principal, NOW)).map((s) => s.email)).toContain("rm-teacher@k12.test");
    expect(await removeStaffAccess(await userId("rm-principal@k12.test"), principal, teacherId, undefined, NOW)).toMatchObject({ ok: true });
    expect((await access("rm-teacher@k12.test")).options).toEqual([]);
  });
});

describe("district administrators", () => {
  it("see every school of the district, with a district summary", async () => {
    const a = await access(K12_DEMO_ACCOUNTS.superintendent.email);
    const option = a.options[0]!;
    expect(option).toMatchObject({ kind: "DISTRICT", role: "DISTRICT_ADMIN" });
    expect(option.schools.map((s) => s.code).sort()).toEqual(["141234", "141235"]);
    const rows = await rosterRows(option, {}, null, NOW);
    expect(new Set(rows.map((r) => r.schoolCode))).toEqual(new Set(["141234", "141235"]));
    const planning = await planningReport(option, R, NOW);
    const calc = planning.subjects.find((s) => s.examCode === "66")!;
    expect(calc.groups.map((g) => g.key)).toEqual(["own", "school-141234", "school-141235", "state-IL", "global"]);
    // The north school has no Calculus AB students: suppressed, not shown as zero.
    expect(calc.groups[2]!.distribution.suppressed).toBe(true);
    const file = await studentDatafile(option, NOW);
    expect(file.rows).toBeGreaterThan(50);
    expect(file.csv.split("\r\n")[0]).toMatch(/"School AI Code","School Name","District Name","Class Sections"$/);
  });

  it("are refused outside the August 1 – July 31 window", async () => {
    const expired = await access(K12_DEMO_ACCOUNTS.expiredDistrict.email);
    expect(expired.options).toEqual([]);
    expect(expired.notices.join(" ")).toMatch(/August 1, 2025 – July 31, 2026.*not valid today/);
    // The superintendent's current window ends on July 31 of next year.
    expect((await access(K12_DEMO_ACCOUNTS.superintendent.email, startOfZonedDay("2027-07-31"))).options).toHaveLength(1);
    expect((await access(K12_DEMO_ACCOUNTS.superintendent.email, startOfZonedDay("2027-08-01"))).options).toEqual([]);
  });

  it("only the superintendent authorizes district staff", async () => {
    await load({ users: [user("new-district@k12.test")] });
    const sup = await prisma.user.findUniqueOrThrow({ where: { email: K12_DEMO_ACCOUNTS.superintendent.email } });
    const option = (await access(sup.email)).options[0]!;
    expect(await authorizeDistrictUser(sup, option, "new-district@k12.test", 2026)).toEqual({ ok: true, invited: false });
    expect((await access("new-district@k12.test")).options[0]).toMatchObject({ kind: "DISTRICT", role: "DISTRICT_ADMIN" });
    const delegate = (await access("new-district@k12.test")).options[0]!;
    const me = await prisma.user.findUniqueOrThrow({ where: { email: "new-district@k12.test" } });
    expect(await authorizeDistrictUser(me, delegate, K12_DEMO_ACCOUNTS.teacher.email, 2026)).toMatchObject({ ok: false, code: "FORBIDDEN" });
  });
});

describe("several organizations and roles", () => {
  it("a teacher at one school and administrator at another chooses between them", async () => {
    const a = await access(K12_DEMO_ACCOUNTS.dual.email);
    expect(a.options.map((o) => [o.code, o.role])).toEqual([
      ["141234", "SCHOOL_ADMIN"],
      ["141235", "K12_TEACHER"],
    ]);
    expect(pickOption(a, null)).toBeNull();
    expect(pickOption(a, a.options[1]!.id)?.code).toBe("141235");
    // A stale or foreign selection does not open anything.
    expect(pickOption(a, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});

describe("roster", () => {
  it("filters by subject, section, grade level and year, and its CSV quotes every value", async () => {
    const option = (await access(K12_DEMO_ACCOUNTS.coordinator.email)).options[0]!;
    const english = await rosterRows(option, { subject: "36", section: "3" }, null, NOW);
    expect(english.length).toBeGreaterThan(0);
    expect(english.every((r) => r.examCode === "36" && r.section === "3")).toBe(true);
    const seniors = await rosterRows(option, { grade: "5" }, null, NOW);
    const juniors = await rosterRows(option, { grade: "4" }, null, NOW);
    expect(seniors.every((r) => r.gradeLevel === "12th grade")).toBe(true);
    expect(juniors.every((r) => r.gradeLevel === "11th grade")).toBe(true);
    expect(seniors.length + juniors.length).toBe((await rosterRows(option, {}, null, NOW)).length);
    expect(new Set((await rosterRows(option, { year: R - 1 }, null, NOW)).map((r) => r.adminYear))).toEqual(new Set([R - 1]));
    const csv = rosterCsv(english).split("\r\n");
    expect(csv.at(-1)).toBe("");
    for (const line of csv.slice(0, -1)) expect(line).toMatch(/^"[^"]*"(,"[^"]*")*$/);
  });
});

describe("loader", () => {
  it("refuses unknown references and stores nothing", async () => {
    const before = await prisma.organization.count();
    const result = await loadK12Data(
      K12LoadSchema.parse({ schools: [{ code: "399999", name: "Ghost", state: "IL", districtCode: "NOPE" }] }),
      { userId: null, label: "test" },
      NOW,
    );
    expect(result).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(await prisma.organization.count()).toBe(before);
  });
});
