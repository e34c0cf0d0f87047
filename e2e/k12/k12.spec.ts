/**
 * AP Score Reports for K-12 Educators in a real browser. Tests that change state (restricting
 * teachers, redeeming a code, district windows) make their own schools and users through the
 * program administrators' loader (/api/k12/admin/load), so they can run in parallel with the
 * read-only tests on the shared demo district.
 */
import crypto from "node:crypto";
import { request as playwrightRequest, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { BASE_URL } from "../../playwright.config";
import { K12_DEMO_ACCOUNTS, K12_DEMO_MARKER_STUDENTS } from "../../prisma/demo-data-k12";
import { adminApi, expect, expectAccessible, latestEmailTo, signIn, test, uniqueApId } from "../fixtures";
import { ownClientAddress } from "../client-address";

const PASSWORD = "K12-E2E-Password-2026!";

/** A school code no other test uses (7xxxxx; the demo schools are 14123x). */
function uniqueSchoolCode(): string {
  return `7${String(crypto.randomInt(0, 100_000)).padStart(5, "0")}`;
}

function uniqueK12Email(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}@k12.example`;
}

function newUser(prefix: string, lastName: string) {
  return { email: uniqueK12Email(prefix), password: PASSWORD, firstName: prefix[0]!.toUpperCase() + prefix.slice(1), lastName };
}

/** The most recent administration whose scores are released (the July 1 rule). */
function releasedYear(now = new Date()): number {
  return now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
}

async function load(request: APIRequestContext, data: unknown) {
  const response = await adminApi(request).post("/api/k12/admin/load", data);
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, proxy: await ownClientAddress() });
  const page = await context.newPage();
  await signIn(page, email, password);
  return page;
}

test.describe("K-12 educators", () => {
  test("an AP teacher sees only Calculus AB, sections 1 and 2, and the roster is accessible", async ({ page }) => {
    await signIn(page, K12_DEMO_ACCOUNTS.teacher.email, K12_DEMO_ACCOUNTS.teacher.password);
    await page.goto("/k12");
    await expect(page.getByRole("heading", { name: "Report Home" })).toBeVisible();
    await expect(page.getByTestId("k12-organization")).toContainText("Springfield High School");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Student Score Roster" }).click();
    await expect(page.getByRole("heading", { name: "Student Score Roster" })).toBeVisible();

    const table = page.getByTestId("roster-table");
    await expect(table).toContainText(K12_DEMO_MARKER_STUDENTS.section1.lastName);
    await expect(table).toContainText(K12_DEMO_MARKER_STUDENTS.section2.lastName);
    await expect(table).not.toContainText(K12_DEMO_MARKER_STUDENTS.section3.lastName);
    const sections = new Set(await page.getByTestId("roster-section").allTextContents());
    expect([...sections].sort()).toEqual(["1", "2"]);
    // Only the authorized subject is offered (and shown), even though the school has English Language results.
    await expect(page.getByLabel("Subject").locator("option")).toHaveText(["All subjects", "Calculus AB"]);
    await expect(page.getByLabel("Class Section").locator("option")).toHaveText(["All sections", "Section 1", "Section 2"]);
    await expect(table).not.toContainText("English Language");
    await expectAccessible(page);

    // Filtering by section narrows the roster.
    await page.getByLabel("Class Section").selectOption("2");
    await page.getByRole("button", { name: "Apply Filters" }).click();
    await expect(page).toHaveURL(/section=2/);
    expect(new Set(await page.getByTestId("roster-section").allTextContents())).toEqual(new Set(["2"]));

    // The CSV download holds the same students, every value quoted.
    const csv = await page.request.get("/api/k12/roster");
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename="AP_Student_Score_Roster_141234_/);
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      '"AP ID","Last Name","First Name","Grade Level","School AI Code","School Name","Exam Year","Exam Code","Subject","Class Section","Score","Irregularity Code 1","Irregularity Code 2"',
    );
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^"[^"]*"(,"[^"]*")*$/);
      expect(line).toMatch(/,"66","Calculus AB","[12]",/);
    }
    expect(lines.join("\n")).not.toContain(K12_DEMO_MARKER_STUDENTS.section3.lastName);
    // A teacher has no student datafile.
    expect((await page.request.get("/api/k12/datafile")).status()).toBe(403);
  });

  test("after the principal restricts teachers, the teacher sees the planning report but no student names", async ({ page, browser }) => {
    const school = uniqueSchoolCode();
    const year = releasedYear();
    const principal = newUser("principal", "Restrictor");
    const teacher = newUser("teacher", "Restricted");
    const students = Array.from({ length: 6 }, (_, i) => ({
      apId: uniqueApId(),
      firstName: "Pupil",
      lastName: `Zyx${String.fromCharCode(97 + i)}${school}`,
      exams: [{ schoolCode: school, adminYear: year, examCode: "20", score: [1, 2, 3, 4, 5, 5][i], classSection: "1" }],
    }));
    await load(page.request, {
      schools: [{ code: school, name: `Restriction Test High ${school}`, state: "IL" }],
      users: [principal, teacher],
      schoolAdmins: [{ email: principal.email, schoolCode: school, position: "Principal" }],
      courseAuthorizations: [{ email: teacher.email, orgCode: school, examCode: "20", schoolYear: year, sections: ["1"] }],
      students,
    });

    const teacherPage = await signedInPage(browser, teacher.email, teacher.password);
    await teacherPage.goto("/k12/roster");
    await expect(teacherPage.getByTestId("roster-table")).toContainText(students[0]!.lastName);

    await signIn(page, principal.email, principal.password);
    await page.goto("/k12/staff");
    await expect(page.getByTestId("staff-table")).toContainText(teacher.email);
    await page.getByRole("button", { name: "Restrict Teachers from Student Results" }).click();
    await expect(page.getByTestId("form-success")).toContainText("Teachers are now restricted");

    await teacherPage.goto("/k12");
    await expect(teacherPage.getByTestId("teachers-restricted")).toBeVisible();
    await expect(teacherPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Student Score Roster" })).toHaveCount(0);
    await teacherPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Instructional Planning Report" }).click();
    const biology = teacherPage.getByTestId("planning-20");
    await expect(biology.getByRole("heading", { name: `Biology (${year})` })).toBeVisible();
    await expect(biology.getByRole("row", { name: /Your class sections/ })).toContainText("6");
    await expect(biology.getByRole("row", { name: /Your class sections/ })).toContainText("2 (33.3%)");
    await expect(biology.getByRole("img", { name: /Percent of students at each score, Biology/ })).toBeVisible();
    for (const s of students) await expect(teacherPage.locator("body")).not.toContainText(s.lastName);
    await expectAccessible(teacherPage);

    await teacherPage.goto("/k12/roster");
    await expect(teacherPage.getByTestId("teachers-restricted")).toBeVisible();
    await expect(teacherPage.locator("body")).not.toContainText(students[0]!.lastName);
    const csv = await teacherPage.request.get("/api/k12/roster");
    expect(csv.status()).toBe(403);
    await teacherPage.context().close();
  });

  test("a school access code is shared with at most five staff: the sixth redemption is refused", async ({ page }) => {
    const school = uniqueSchoolCode();
    const year = releasedYear();
    const staff = Array.from({ length: 6 }, (_, i) => newUser(`staff${i}`, "Member"));
    // The loader generates the year's code (shown once in its answer).
    const loaded = await load(page.request, {
      schools: [{ code: school, name: `Code Test High ${school}`, state: "IL" }],
      users: staff,
      accessCodes: [{ schoolCode: school, adminYear: year }],
    });
    const code = (loaded as { accessCodes: Array<{ code: string }> }).accessCodes[0]!.code;

    for (const member of staff.slice(0, 5)) {
      const api = await playwrightRequest.newContext({ baseURL: BASE_URL, proxy: await ownClientAddress() });
      expect((await api.post("/api/account/sign-in", { data: { email: member.email, password: member.password } })).status()).toBe(200);
      const redeemed = await api.post("/api/k12/access-code", { data: { code, position: "AP Coordinator" } });
      expect(redeemed.status(), await redeemed.text()).toBe(201);
      await api.dispose();
    }

    const sixth = staff[5]!;
    await signIn(page, sixth.email, sixth.password);
    await page.goto("/k12");
    await expect(page.getByTestId("k12-no-access")).toBeVisible();
    await page.getByRole("link", { name: "Enter a school access code" }).click();
    await expectAccessible(page);
    await page.getByLabel("School access code").fill(code.toLowerCase());
    await page.getByLabel("Your position").selectOption("Department Chair");
    const answer = page.waitForResponse("**/api/k12/access-code");
    await page.getByRole("button", { name: "Submit Access Code" }).click();
    expect((await answer).status()).toBe(409);
    // The refusal is shown next to the code field (the form's summary points at it).
    await expect(page.getByText("This school access code has already been shared with 5 staff members")).toBeVisible();
    await page.goto("/k12");
    await expect(page.getByTestId("k12-no-access")).toBeVisible();
  });

  test("the principal receives the school code by email, reads it on Manage Access with their password, and a staff member redeems it", async ({
    page,
    browser,
  }) => {
    // Two users, two sign-ins and an axe scan on a shared 2-core machine.
    test.slow();
    const school = uniqueSchoolCode();
    const principal = newUser("principal", "Head");
    const chair = newUser("chair", "Member");
    const loaded = (await load(page.request, {
      schools: [{ code: school, name: `Shared Code High ${school}`, state: "IL" }],
      users: [principal, chair],
      schoolAdmins: [{ email: principal.email, schoolCode: school, position: "Principal" }],
      accessCodes: [{ schoolCode: school, adminYear: releasedYear() }],
    })) as { accessCodes: Array<{ code: string; emailedTo: string[] }> };
    const code = loaded.accessCodes[0]!.code;
    expect(loaded.accessCodes[0]!.emailedTo).toEqual([principal.email]);
    const email = await latestEmailTo(page.request, principal.email, /school access code/);
    expect(email.text).toContain(code);

    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
    await signIn(page, principal.email, principal.password);
    await page.goto("/k12/staff");
    await expect(page.getByTestId("access-code-usage")).toContainText("shared with 0 of 5 staff members");
    await expect(page.locator("body")).not.toContainText(code);
    await page.getByLabel("Your password").fill("not the password");
    await page.getByRole("button", { name: "Show Access Code" }).click();
    await expect(page.getByText("The password is incorrect.")).toBeVisible();
    await page.getByLabel("Your password").fill(principal.password);
    await page.getByRole("button", { name: "Show Access Code" }).click();
    await expect(page.getByTestId("school-code")).toHaveText(code);
    await page.getByRole("button", { name: "Copy Access Code" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Copied." })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);
    await expectAccessible(page);

    const chairPage = await signedInPage(browser, chair.email, chair.password);
    await chairPage.goto("/k12/access");
    await chairPage.getByLabel("School access code").fill(code);
    await chairPage.getByLabel("Your position").selectOption("Department Chair");
    const answer = chairPage.waitForResponse("**/api/k12/access-code");
    await chairPage.getByRole("button", { name: "Submit Access Code" }).click();
    expect((await answer).status()).toBe(201);
    await chairPage.context().close();

    await page.reload();
    await expect(page.getByTestId("access-code-usage")).toContainText("shared with 1 of 5 staff members");
    await expect(page.getByTestId("access-code-usage")).toContainText(chair.email);
  });

  test("a district administrator outside the August-July window is refused", async ({ page }) => {
    const district = `D${crypto.randomInt(0, 1_000_000)}`;
    const admin = newUser("district", "Lapsed");
    const school = uniqueSchoolCode();
    await load(page.request, {
      districts: [{ code: district, name: `Lapsed District ${district}`, state: "IL" }],
      schools: [{ code: school, name: `Lapsed District School ${school}`, state: "IL", districtCode: district }],
      users: [admin],
      // Authorized for a window that ended: the one starting two Augusts ago.
      districtAdmins: [
        {
          email: admin.email,
          districtCode: district,
          position: "District Administrator",
          authorizedBy: "Sam Superintendent",
          windowStartYear: new Date().getUTCFullYear() - 2,
        },
      ],
    });
    await signIn(page, admin.email, admin.password);
    await page.goto("/k12");
    await expect(page.getByTestId("k12-no-access")).toContainText("is not valid today");
    await expect(page.getByTestId("k12-no-access")).toContainText("August 1 through July 31");
    await page.goto("/k12/roster");
    await expect(page).toHaveURL(/\/k12$/);
    expect((await page.request.get("/api/k12/roster")).status()).toBe(403);
    expect((await page.request.get("/api/k12/datafile")).status()).toBe(403);
  });

  test("a user with two organizations chooses one after signing in and changes organization", async ({ page }) => {
    await signIn(page, K12_DEMO_ACCOUNTS.dual.email, K12_DEMO_ACCOUNTS.dual.password);
    await page.goto("/k12");
    await expect(page).toHaveURL(/\/k12\/organizations/);
    await expect(page.getByRole("heading", { name: "Select Organization" })).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Select Springfield High School" }).click();
    await expect(page.getByRole("heading", { name: "Report Home" })).toBeVisible();
    // Teacher at one school, administrator at the other: here the administrator.
    await expect(page.getByTestId("k12-organization")).toContainText("Springfield High School (School Administrator)");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Student Datafile" })).toBeVisible();

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Instructional Planning Report" }).click();
    await page.getByRole("link", { name: "Change Organization" }).click();
    await page.getByRole("button", { name: "Select Springfield North High School" }).click();
    await expect(page.getByTestId("k12-organization")).toContainText("Springfield North High School (AP Teacher)");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Student Datafile" })).toHaveCount(0);
    await page.goto("/k12/roster");
    await expect(page.getByLabel("Subject").locator("option")).toHaveText(["All subjects", "Statistics"]);
    expect(new Set(await page.getByTestId("roster-section").allTextContents())).toEqual(new Set(["1"]));
    expect((await page.request.get("/api/k12/datafile")).status()).toBe(403);
  });

  test("a teacher authorized under the homeschool organization gets no access", async ({ page }) => {
    await signIn(page, K12_DEMO_ACCOUNTS.homeschool.email, K12_DEMO_ACCOUNTS.homeschool.password);
    await page.goto("/k12");
    await expect(page.getByTestId("k12-no-access")).toContainText("general state homeschool organization");
    await expectAccessible(page);
    await page.goto("/k12/planning");
    await expect(page).toHaveURL(/\/k12$/);
    expect((await page.request.get("/api/k12/roster")).status()).toBe(403);
  });

  test("the superintendent sees every school and a district summary; the chart and datafile are accessible", async ({ page }) => {
    await signIn(page, K12_DEMO_ACCOUNTS.superintendent.email, K12_DEMO_ACCOUNTS.superintendent.password);
    await page.goto("/k12/planning");
    const calculus = page.getByTestId("planning-66");
    await expect(calculus.getByRole("row", { name: /Springfield Unified \(all schools\)/ })).toBeVisible();
    await expect(calculus.getByRole("row", { name: /Springfield North High School/ })).toContainText("Fewer than 5 students");
    await expect(calculus.getByRole("row", { name: /State \(IL\)/ })).toBeVisible();
    await expect(calculus.getByRole("row", { name: /Global/ })).toBeVisible();
    await expectAccessible(page);

    await page.goto("/k12/datafile");
    const file = await page.request.get("/api/k12/datafile");
    expect(file.status()).toBe(200);
    const lines = (await file.text()).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^"AP ID",.*"School AI Code","School Name","District Name","Class Sections"$/);
    expect(lines.some((l) => l.includes('"141234","Springfield High School","Springfield Unified"'))).toBe(true);
    expect(lines.some((l) => l.includes('"141235","Springfield North High School","Springfield Unified"'))).toBe(true);
    await page.getByRole("link", { name: "Datafile Layout" }).click();
    await expect(page.getByTestId("datafile-layout")).toContainText("School AI Code");
    await expectAccessible(page);
  });

  test("a teacher selects class sections and the school's administrators are emailed", async ({ page }) => {
    const school = uniqueSchoolCode();
    const year = releasedYear();
    const principal = newUser("principal", "Notified");
    const teacher = newUser("teacher", "Selecting");
    await load(page.request, {
      schools: [{ code: school, name: `Sections Test High ${school}`, state: "IL" }],
      users: [principal, teacher],
      schoolAdmins: [{ email: principal.email, schoolCode: school, position: "Principal" }],
      courseAuthorizations: [{ email: teacher.email, orgCode: school, examCode: "90", schoolYear: year, sections: [] }],
      students: [1, 2].map((section) => ({
        apId: uniqueApId(),
        firstName: "Pupil",
        lastName: `Sec${section}x${school}`,
        exams: [{ schoolCode: school, adminYear: year, examCode: "90", score: 4, classSection: String(section) }],
      })),
    });
    await signIn(page, teacher.email, teacher.password);
    await page.goto("/k12/roster");
    await expect(page.getByTestId("roster-empty")).toContainText("You have not selected your class sections yet");
    await page.getByRole("link", { name: "Choose your class sections" }).click();
    await expectAccessible(page);
    await page.getByLabel("Section 2").check();
    await page.getByRole("button", { name: "Save Class Sections" }).click();
    await expect(page.getByTestId("form-success")).toContainText("1 school administrator was notified");
    await page.goto("/k12/roster");
    await expect(page.getByTestId("roster-table")).toContainText(`Sec2x${school}`);
    await expect(page.getByTestId("roster-table")).not.toContainText(`Sec1x${school}`);

    const outbox = await (await adminApi(page.request).get("/api/admin/outbox?limit=100")).json();
    const mail = outbox.rows.find((r: { to: string }) => r.to === principal.email);
    expect(mail?.subject).toBe(`AP Score Reports for K-12 Educators: ${teacher.firstName} ${teacher.lastName} selected class sections for Statistics`);
    expect(mail?.text).toContain("Sections now: 2");
  });

  test("the loader refuses callers without the admin token and bad input without storing anything", async ({ page }) => {
    expect((await page.request.post("/api/k12/admin/load", { data: {} })).status()).toBe(401);
    const bad = await adminApi(page.request).post("/api/k12/admin/load", { schools: [{ code: "12", name: "X", state: "IL" }] });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toMatch(/six digits/);
  });
});
