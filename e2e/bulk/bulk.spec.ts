import crypto from "node:crypto";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { BulkPage, apIdsOfTxt } from "../pages/bulk.page";
import { acceptTerms, adminApi, expect, expectAccessible, signInAs, signUp, test, uniqueApId } from "../fixtures";
import { ownClientAddress } from "../client-address";

const TXT_LINE = 950;
const QUOTED_ROW = /^"(?:[^"]|"")*"(?:,"(?:[^"]|"")*")*$/;

/** A calendar date in the reporting time zone, `daysAgo` days before today. */
function reportingDate(daysAgo: number): string {
  const at = new Date(Date.now() - daysAgo * 86_400_000);
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

function report(diCode: string, apId: string, releasedAt?: string) {
  return {
    diCode,
    student: { apId, firstName: "Bulk", lastName: `Etoe${apId.slice(0, 4)}`, dateOfBirth: "2007-05-06" },
    exams: [{ adminYear: 2026, examCode: "66", score: 4 }],
    ...(releasedAt ? { releasedAt } : {}),
  };
}

async function release(request: APIRequestContext, reports: unknown[]): Promise<void> {
  const response = await adminApi(request).post("/api/admin/score-reports", { reports });
  expect(response.status(), await response.text()).toBe(201);
}

/** An institution of this test's own (nobody else releases there), with an access code. */
async function ownInstitution(request: APIRequestContext): Promise<{ id: string; diCode: string; accessCode: string }> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const diCode = String(700_000 + crypto.randomInt(299_999));
    const created = await adminApi(request).post("/api/admin/institutions", { diCode, name: `Bulk E2E College ${diCode}` });
    if (created.status() === 409) continue;
    expect(created.status(), await created.text()).toBe(201);
    const { institution } = (await created.json()) as { institution: { id: string } };
    const issued = await adminApi(request).post(`/api/admin/institutions/${diCode}/access-codes`, {});
    expect(issued.status(), await issued.text()).toBe(201);
    const { accessCode } = (await issued.json()) as { accessCode: { code: string } };
    return { id: institution.id, diCode, accessCode: accessCode.code };
  }
  throw new Error("could not find a free DI code");
}

/** A fresh educator who accepted the terms and redeemed the institution's access code. */
async function enrolledUser(page: Page, institution: { id: string; accessCode: string }): Promise<void> {
  await signUp(page);
  await acceptTerms(page);
  const redeemed = await page.request.post("/api/enrollment/redeem", { data: { organizationId: institution.id, accessCode: institution.accessCode } });
  expect(redeemed.status(), await redeemed.text()).toBe(201);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ proxy: await ownClientAddress() });
  return context.newPage();
}

function expectTxtFile(text: string, diCode: string): void {
  expect(text.endsWith("\r\n")).toBe(true);
  const lines = text.slice(0, -2).split("\r\n");
  for (const line of lines) {
    expect(line).toHaveLength(TXT_LINE);
    expect(line.slice(375, 381)).toBe(diCode.padStart(6, "0"));
  }
}

function csvRows(text: string): string[] {
  expect(text.endsWith("\r\n")).toBe(true);
  const rows = text.slice(0, -2).split("\r\n");
  expect(rows[0]).toMatch(/^"AP ID","Last Name","First Name",/);
  const columns = rows[0]!.split('","').length;
  for (const row of rows) {
    expect(row).toMatch(QUOTED_ROW);
    expect(row.split('","').length).toBe(columns);
  }
  return rows;
}

test.describe("Bulk Reports (TXT / CSV)", () => {
  test("full, custom and incremental files follow each user's own downloads", async ({ page, browser, request }) => {
    test.setTimeout(180_000);
    const institution = await ownInstitution(request);
    const earlier = [uniqueApId(), uniqueApId()];
    await release(
      request,
      earlier.map((id) => report(institution.diCode, id)),
    );

    // The registrar (A) and a colleague (B), both new at the institution.
    await enrolledUser(page, institution);
    const colleaguePage = await newPage(browser);
    await enrolledUser(colleaguePage, institution);

    const bulk = new BulkPage(page);
    await bulk.goto();
    await expect(page.getByTestId("bulk-institution")).toContainText(`DI code ${institution.diCode}`);
    // Before the first full file the incremental option is off, and the page says why.
    await expect(bulk.option("Incremental File:")).toBeDisabled();
    await expect(page.getByTestId("incremental-unavailable")).toContainText("Downloading the Full File activates your Incremental File option");
    await expect(page.getByTestId("new-reports-banner")).toContainText("Download your first full file");
    await expect(bulk.option("Full File:")).toBeChecked();
    await expectAccessible(page);

    const fullTxt = await bulk.download("TXT", "Full File:");
    expect(fullTxt.name).toMatch(new RegExp(`^AP_${institution.diCode}_\\d{8}T\\d{6}Z_full\\.txt$`));
    expectTxtFile(fullTxt.text, institution.diCode);
    expect(apIdsOfTxt(fullTxt.text)).toEqual([...earlier].sort());
    await expect(bulk.progress()).toHaveText(`Download complete: ${fullTxt.name} (2 records).`);

    const fullCsv = await bulk.download("CSV", "Full File:");
    expect(fullCsv.name).toMatch(/_full\.csv$/);
    const rows = csvRows(fullCsv.text);
    expect(
      rows
        .slice(1)
        .map((r) => r.slice(1, 9))
        .sort(),
    ).toEqual([...earlier].sort());

    // The colleague's first full file, so that B's "new" count starts here too.
    const colleagueBulk = new BulkPage(colleaguePage);
    await colleagueBulk.goto();
    await colleagueBulk.download("TXT", "Full File:");

    // Three new reports, released two days ago (their release date matters for the custom range).
    const releaseDay = reportingDate(2);
    const fresh = [uniqueApId(), uniqueApId(), uniqueApId()];
    await release(
      request,
      fresh.map((id) => report(institution.diCode, id, `${releaseDay}T17:00:00Z`)),
    );

    await bulk.goto();
    expect(await bulk.incrementalCount()).toBe(3);
    await expect(page.getByTestId("new-reports-banner")).toContainText("3 new score report(s) since your last incremental or full file TXT / CSV download on");
    await expectAccessible(page);
    await page.goto("/dashboard");
    await expect(page.getByTestId("new-reports-banner")).toContainText("New score reports are available!");
    await expect(page.getByTestId("new-reports-count")).toHaveText("3");
    await expectAccessible(page);

    // Custom ranges hold what was released in the range, and leave "new" where it was.
    await bulk.goto();
    const onReleaseDay = await bulk.download("TXT", "Custom Date Range:", { start: releaseDay, end: releaseDay });
    expect(onReleaseDay.name).toMatch(/_custom\.txt$/);
    expect(apIdsOfTxt(onReleaseDay.text)).toEqual([...fresh].sort());
    const sinceThen = await bulk.download("TXT", "Custom Date Range:", { start: reportingDate(1), end: reportingDate(0) });
    expect(apIdsOfTxt(sinceThen.text)).toEqual([...earlier].sort());
    await bulk.goto();
    expect(await bulk.incrementalCount()).toBe(3);

    // The incremental file: exactly the three new reports.
    const incremental = await bulk.download("TXT", "Incremental File:");
    expect(incremental.name).toMatch(/_incremental\.txt$/);
    expectTxtFile(incremental.text, institution.diCode);
    expect(apIdsOfTxt(incremental.text)).toEqual([...fresh].sort());
    // The page refreshes its counts after a download.
    await expect(page.getByTestId("incremental-count")).toHaveText("0");
    await expect(page.getByTestId("new-reports-banner")).toHaveCount(0);
    // Nothing new now: a clear message, no file.
    await bulk.option("Incremental File:").check();
    const refused = page.waitForResponse((r) => r.url().endsWith("/api/bulk/files") && r.request().method() === "POST");
    await page.getByRole("button", { name: "Download", exact: true }).click();
    expect((await refused).status()).toBe(409);
    await expect(bulk.error()).toHaveText("There are no new score reports since your last incremental or full file download.");

    // Downloads are tracked per user: the colleague still has the three as new.
    await colleagueBulk.goto();
    expect(await colleagueBulk.incrementalCount()).toBe(3);
    const colleagueIncremental = await colleagueBulk.download("CSV", "Incremental File:");
    expect(
      csvRows(colleagueIncremental.text)
        .slice(1)
        .map((r) => r.slice(1, 9))
        .sort(),
    ).toEqual([...fresh].sort());
    await colleaguePage.context().close();
  });

  test("the demo registrar downloads a full TXT and a full CSV of Example University", async ({ page }) => {
    await signInAs(page, "registrar");
    const bulk = new BulkPage(page);
    await bulk.goto();
    await expect(page.getByText("To download a bulk TXT or CSV file containing all AP score reports sent to your institution")).toBeVisible();
    await expect(page.getByRole("link", { name: "TXT layout specifications" })).toHaveAttribute("href", "/docs/txt-layout");
    await expect(page.getByRole("link", { name: "TXT sample file" })).toBeVisible();
    await expect(page.getByText(/All score reports sent to your institution since July 1, \d{4}/)).toBeVisible();
    await expect(page.getByText(/anywhere between July 1, \d{4} and today/)).toBeVisible();
    await expectAccessible(page);

    const txt = await bulk.download("TXT", "Full File:");
    expect(txt.name).toMatch(/^AP_5818_\d{8}T\d{6}Z_full\.txt$/);
    expectTxtFile(txt.text, "5818");
    const records = txt.text.split("\r\n").filter(Boolean).length;
    expect(records).toBeGreaterThan(0);
    await expect(bulk.progress()).toContainText(`(${records.toLocaleString("en-US")} record`);

    const csv = await bulk.download("CSV", "Full File:");
    expect(csv.name).toMatch(/^AP_5818_\d{8}T\d{6}Z_full\.csv$/);
    const rows = csvRows(csv.text);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) expect(row.slice(0, 10)).toMatch(/^"[A-Z0-9]{8}"$/);
  });

  test("bad date ranges are refused next to the field, with a 400 and no file", async ({ page }) => {
    await signInAs(page, "colleague");
    const bulk = new BulkPage(page);
    await bulk.goto();
    await bulk.customRange(reportingDate(1), reportingDate(3));
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/bulk/files"));
    await page.getByRole("button", { name: "Download", exact: true }).click();
    expect((await answer).status()).toBe(400);
    await expect(page.getByText("The end date must be on or after the start date.").first()).toBeVisible();
    await expect(page.getByLabel("End Date")).toHaveAttribute("aria-invalid", "true");
    await expect(bulk.progress()).toHaveText("");
  });

  test("an institution the user is not enrolled at is refused, not shown", async ({ page }) => {
    await signInAs(page, "registrar");
    await page.goto(`/bulk?institution=${crypto.randomUUID()}`);
    await expect(page.getByTestId("institution-denied")).toContainText("You do not have access to that institution.");
    await expect(page.getByTestId("bulk-institution")).toContainText("DI code");
    const refused = await page.request.post("/api/bulk/files", { data: { format: "TXT", type: "FULL", institutionId: crypto.randomUUID() } });
    expect(refused.status()).toBe(403);
  });

  test("the layout specifications and sample files are public", async ({ page, request }) => {
    await page.goto("/docs/txt-layout");
    await expect(page.getByRole("heading", { name: "TXT Layout Specification" })).toBeVisible();
    await expect(page.getByText("539 + 11 × (n − 1)")).toBeVisible();
    await expect(page.getByRole("rowheader", { name: "AP ID" })).toBeVisible();
    await expect(page.getByTestId("exam-block").getByRole("row")).toHaveCount(1 + 7);
    await expectAccessible(page);

    const sample = await request.get("/api/docs/txt-sample.txt");
    expect(sample.status()).toBe(200);
    expect(sample.headers()["content-disposition"]).toContain("attachment");
    const lines = (await sample.text()).split("\r\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toHaveLength(TXT_LINE);

    await page.goto("/docs/csv-layout");
    await expect(page.getByRole("heading", { name: "CSV Layout Specification" })).toBeVisible();
    await expect(page.getByText("CR LF after every row")).toBeVisible();
    await expectAccessible(page);
    const header = await request.get("/api/docs/csv-header.csv");
    const names = (await header.text()).trimEnd().split(",");
    await expect(page.getByTestId("csv-columns").locator("tbody tr")).toHaveCount(names.length);
    csvRows(await (await request.get("/api/docs/csv-sample.csv")).text());
  });
});
