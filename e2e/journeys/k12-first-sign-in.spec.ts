/**
 * A K-12 teacher's first sign-in (seed 002): the K-12 site terms of use, with the Legal Terms
 * for Educators and Institutions and the data-privacy notice, then the K-12 home. The higher-ed
 * terms, dashboard and navigation are never shown to a K-12-only educator.
 */
import crypto from "node:crypto";
import { SignInPage } from "../pages/sign-in.page";
import { adminApi, expect, expectAccessible, test, uniqueApId } from "../fixtures";

function releasedYear(now = new Date()): number {
  return now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
}

test("a K-12 teacher's first sign-in: K-12 terms, then the K-12 home with no higher-ed navigation", async ({ page }) => {
  // A dozen page loads and an accessibility scan: more than the default budget on a busy machine.
  test.slow();
  const school = `6${String(crypto.randomInt(0, 100_000)).padStart(5, "0")}`;
  const teacher = {
    email: `first-${crypto.randomUUID().slice(0, 8)}@k12.example`,
    password: "K12-First-Password-2026!",
    firstName: "Fiona",
    lastName: "First",
    acceptTerms: false,
  };
  const loaded = await adminApi(page.request).post("/api/k12/admin/load", {
    schools: [{ code: school, name: `First Sign-in High ${school}`, state: "IL" }],
    users: [teacher],
    courseAuthorizations: [{ email: teacher.email, orgCode: school, examCode: "20", schoolYear: releasedYear(), sections: ["1"] }],
    students: [
      {
        apId: uniqueApId(),
        firstName: "Pupil",
        lastName: `First${school}`,
        exams: [{ schoolCode: school, adminYear: releasedYear(), examCode: "20", score: 4, classSection: "1" }],
      },
    ],
  });
  expect(loaded.status(), await loaded.text()).toBe(201);

  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.submit(teacher.email, teacher.password);

  // The K-12 terms, not the higher-ed ones, and no navigation before they are accepted.
  await page.waitForURL("**/k12/terms");
  await expect(page.getByRole("heading", { name: "Site Terms of Use" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("AP Score Reports for K-12 Educators");
  await expect(page.getByRole("heading", { name: "Data Privacy" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Legal Terms for Educators and Institutions" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expectAccessible(page);

  // Reports, their data and the higher-ed pages all wait for the K-12 terms.
  expect((await page.request.get("/api/k12/roster")).status()).toBe(403);
  for (const path of ["/dashboard", "/terms", "/bulk", "/k12/roster"]) {
    await page.goto(path);
    await expect(page, `${path} before the K-12 terms`).toHaveURL(/\/k12\/terms$/);
  }

  await page.getByLabel("I have read and accept the site terms of use and the Legal Terms for Educators and Institutions.").check();
  await page.getByRole("button", { name: "Accept and Continue" }).click();
  await page.waitForURL(/\/k12$/);
  await expect(page.getByRole("heading", { name: "Report Home" })).toBeVisible();
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Student Score Roster" })).toBeVisible();
  for (const higherEd of ["My Dashboard", "Bulk Reports (TXT / CSV)", "Individual Reports (PDF)", "Institution Activity", "Notifications"]) {
    await expect(nav.getByRole("link", { name: higherEd })).toHaveCount(0);
  }
  expect((await page.request.get("/api/k12/roster")).status()).toBe(200);

  // The higher-ed portal is never shown: its dashboard and terms lead home to K-12.
  for (const path of ["/", "/dashboard", "/terms"]) {
    await page.goto(path);
    await expect(page, path).toHaveURL(/\/k12$/);
  }
});
