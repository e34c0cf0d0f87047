import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { DEMO_STUDENT, adminApi, expect, expectAccessible, signInAs, test, uniqueApId } from "../fixtures";
import { ownClientAddress } from "../client-address";
import { PdfPage } from "../pages/pdf.page";

/**
 * The Individual Reports (PDF) tab, driven as the demo registrar and colleague of 5818. Other
 * tests use those accounts too, so everything asserted about download status concerns a
 * student this test releases itself; the seed's Testcase-Thirtyone is only searched.
 */

const today = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", month: "2-digit", day: "2-digit", year: "numeric" });

interface OwnStudent {
  apId: string;
  lastName: string;
  firstName: string;
  dateOfBirth: string;
  email: string;
}

function ownStudent(): OwnStudent {
  const apId = uniqueApId();
  // Letters only, at most 15 characters (the TXT layout's last-name width).
  const tail = apId.replace(/\d/g, (d) => "abcdefghij"[Number(d)]!).toLowerCase();
  const year = 1990 + (apId.charCodeAt(0) % 8);
  const month = String(1 + (apId.charCodeAt(1) % 12)).padStart(2, "0");
  const day = String(1 + (apId.charCodeAt(2) % 28)).padStart(2, "0");
  return { apId, lastName: `Pdf${tail}`, firstName: "Jordan", dateOfBirth: `${year}-${month}-${day}`, email: `${tail}@students.example.com` };
}

async function release(request: APIRequestContext, s: OwnStudent, exams: Array<{ adminYear: number; examCode: string; score: number }>) {
  const response = await adminApi(request).post("/api/admin/score-reports", {
    diCode: "5818",
    student: { apId: s.apId, firstName: s.firstName, lastName: s.lastName, dateOfBirth: s.dateOfBirth, email: s.email },
    exams,
  });
  expect(response.ok(), await response.text()).toBe(true);
}

test.describe("Individual Reports (PDF)", () => {
  let tmp: string;
  test.beforeAll(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "pdf-e2e-"));
  });
  test.afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  test("finds a student, downloads the PDF, tracks it per user, and shows updates as New", async ({ page, browser, request }) => {
    const student = ownStudent();
    await release(request, student, [
      { adminYear: 2026, examCode: "66", score: 4 },
      { adminYear: 2026, examCode: "36", score: 5 },
    ]);

    await signInAs(page, "registrar");
    const pdf = new PdfPage(page);
    await pdf.goto();
    await expect(page.getByRole("heading", { level: 1, name: "Individual Student Reports (PDF)" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Individual Reports (PDF)" }).last()).toHaveAttribute("aria-current", "page");
    await expect(
      page.getByText(/You can download the score report for an individual student or a set of students, up to a max of 100 per download/),
    ).toBeVisible();
    await expect(page.getByRole("radio", { name: /New Student Reports: \d+ new score report\(s\)/ })).toBeVisible();
    await expect(
      page.getByRole("radio", { name: /All Student Reports: View students who had scores reported to your institution since July 1, \d{4}/ }),
    ).toBeVisible();

    // The seed document's student, searched by last name (read-only: other tests share it).
    await pdf.searchBy("Last Name", DEMO_STUDENT.lastName);
    await expect(page.getByRole("heading", { name: "Individual Student Reports (PDF) - Search Results" })).toBeVisible();
    const seeded = pdf.row(DEMO_STUDENT.apId);
    await expect(seeded).toContainText(DEMO_STUDENT.firstName);
    await expect(seeded).toContainText("04/05/2006");
    await expect(page.getByTestId("pdf-showing")).toHaveText("Showing 1 of 1 results");
    await expectAccessible(page);

    // Our own student: released after the registrar's first login, never downloaded → New.
    await page.getByRole("link", { name: "Clear", exact: true }).click();
    await pdf.searchBy("Last Name", student.lastName.toUpperCase());
    await expect(pdf.status(student.apId)).toHaveText("New");
    await pdf.select(student.apId);
    await expect(pdf.selectionCount()).toHaveText("1 of 100 maximum selections");
    const download = await pdf.download();
    expect(download.suggestedFilename()).toMatch(/^AP_5818_\d{14}_reports\.pdf$/);
    const file = path.join(tmp, "own.pdf");
    await download.saveAs(file);
    const text = execFileSync("/usr/bin/pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    expect(text).toContain(student.lastName);
    expect(text).toContain(student.firstName);
    expect(text).toContain(student.apId);
    expect(text).toContain("Calculus AB");
    expect(text).toContain("English Language and Composition");

    const downloadedToday = `Previously Downloaded ${today.format(new Date())}`;
    await expect(pdf.status(student.apId)).toHaveText(downloadedToday);
    await expect(pdf.selectionCount()).toHaveText("0 of 100 maximum selections");
    await page.reload();
    await expect(pdf.status(student.apId)).toHaveText(downloadedToday);
    await expectAccessible(page);

    // Tracking is per user: the colleague still sees the student as New.
    const colleagueContext = await browser.newContext({ baseURL: test.info().project.use.baseURL, proxy: await ownClientAddress() });
    try {
      const colleaguePage = await colleagueContext.newPage();
      await signInAs(colleaguePage, "colleague");
      const colleaguePdf = new PdfPage(colleaguePage);
      await colleaguePdf.goto(`?lastName=${student.lastName}`);
      await expect(colleaguePdf.status(student.apId)).toHaveText("New");
    } finally {
      await colleagueContext.close();
    }

    // A new version of the student's report makes it New again for the registrar.
    await release(request, student, [{ adminYear: 2026, examCode: "90", score: 3 }]);
    await page.reload();
    await expect(pdf.status(student.apId)).toContainText("New");
    await expect(pdf.status(student.apId)).toContainText(today.format(new Date()));
    await page.getByLabel("Download status").selectOption("new");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(pdf.row(student.apId)).toBeVisible();
  });

  test("searches by date of birth and by email, and explains bad criteria", async ({ page, request }) => {
    const student = ownStudent();
    await release(request, student, [{ adminYear: 2026, examCode: "07", score: 3 }]);
    await signInAs(page, "registrar");
    const pdf = new PdfPage(page);

    await pdf.goto();
    await pdf.searchBy("Email Address", student.email.toUpperCase());
    await expect(page.getByTestId("pdf-showing")).toHaveText("Showing 1 of 1 results");
    await expect(pdf.row(student.apId)).toContainText(student.lastName);

    await pdf.goto();
    await pdf.searchBy("Date of Birth", student.dateOfBirth);
    await page.getByLabel("Search by Last Name or First Name or AP ID").fill(student.apId);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(pdf.row(student.apId)).toBeVisible();
    await expect(page.getByTestId("pdf-showing")).toHaveText("Showing 1 of 1 results");

    // More than one criterion, and none at all.
    await pdf.goto();
    await page.getByLabel("Last Name", { exact: true }).fill(student.lastName);
    await page.getByLabel("Email Address").fill(student.email);
    await pdf.criteriaForm().getByRole("button", { name: "Continue" }).click();
    await expect(pdf.formErrors()).toContainText("Please correct the fields marked below.");
    await expect(pdf.criteriaForm()).toContainText("Enter search criteria into one field only");
    await expect(page.getByRole("heading", { name: /Search Results/ })).toHaveCount(0);

    await pdf.goto();
    await pdf.criteriaForm().getByRole("button", { name: "Continue" }).click();
    await expect(page.getByLabel("Last Name", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#pdf-lastName-error")).toHaveText("Enter search criteria into one field below to find a specific student.");

    // The JSON endpoint answers the same mistakes with 400s.
    const both = await page.request.get(`/api/pdf/reports?lastName=${student.lastName}&email=${student.email}`);
    expect(both.status()).toBe(400);
    const badDate = await page.request.get("/api/pdf/reports?dateOfBirth=2006-02-30");
    expect(badDate.status()).toBe(400);
    const outside = await page.request.get("/api/pdf/reports?option=custom&start=2000-01-01&end=2000-01-31");
    expect(outside.status()).toBe(400);
  });

  test("caps a selection at 100 students in the page and on the server", async ({ page }) => {
    await signInAs(page, "registrar");
    const pdf = new PdfPage(page);
    await pdf.goto();
    await pdf.chooseOption(/All Student Reports/);
    await expect(page.getByTestId("pdf-showing")).toHaveText(/Showing 50 of \d{3,} results/);

    await pdf.selectAll().check();
    await expect(pdf.selectionCount()).toHaveText("50 of 100 maximum selections");
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page.getByText("Page 2 of")).toBeVisible();
    await expect(pdf.selectionCount()).toHaveText("50 of 100 maximum selections");
    await pdf.selectAll().check();
    await expect(pdf.selectionCount()).toHaveText("100 of 100 maximum selections");

    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page.getByText("Page 3 of")).toBeVisible();
    await expect(pdf.selectionCount()).toHaveText("100 of 100 maximum selections");
    const firstBox = page.getByTestId("pdf-results").locator("tbody").getByRole("checkbox").first();
    await expect(firstBox).toBeDisabled();
    await expect(page.getByTestId("pdf-cap-notice")).toContainText("You have selected the maximum of 100 students");
    await expectAccessible(page);

    await page.getByRole("button", { name: "Clear All" }).click();
    await expect(pdf.selectionCount()).toHaveText("0 of 100 maximum selections");
    await expect(firstBox).toBeEnabled();

    // Sent directly, 101 ids are refused; unknown ids are refused; nothing is downloaded.
    const tooMany = await page.request.post("/api/pdf/download", { data: { reportIds: Array.from({ length: 101 }, (_, i) => String(i + 1)) } });
    expect(tooMany.status()).toBe(400);
    expect(((await tooMany.json()) as { error: { message: string } }).error.message).toContain("Select up to 100 students");
    const unknown = await page.request.post("/api/pdf/download", { data: { reportIds: ["999999999999"] } });
    expect(unknown.status()).toBe(404);
    const empty = await page.request.post("/api/pdf/download", { data: { reportIds: [] } });
    expect(empty.status()).toBe(400);
  });

  test("is closed to visitors who are not signed in", async ({ request }) => {
    const response = await request.post("/api/pdf/download", { data: { reportIds: ["1"] } });
    expect(response.status()).toBe(401);
  });
});
