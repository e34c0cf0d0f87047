/**
 * PDF "All Student Reports" covers the current reporting year (since the most recent July 1),
 * one year later than the custom range's limit, as seed 000's screenshot shows.
 */
import { PdfPage } from "../pages/pdf.page";
import { newInstitutionWithCode } from "../enrollment/helpers";
import { acceptTerms, adminApi, expect, signUp, test, uniqueApId } from "../fixtures";

const ZONE = "America/New_York";

/** July 1 starting the reporting year that contains `now`, in the reporting zone. */
function reportingYear(now = new Date()): number {
  const [month, year] = new Intl.DateTimeFormat("en-US", { timeZone: ZONE, month: "numeric", year: "numeric" }).format(now).split("/").map(Number) as [
    number,
    number,
  ];
  return month >= 7 ? year : year - 1;
}

test("All Student Reports lists the current reporting year; Custom Date Range reaches the July before", async ({ page }) => {
  const year = reportingYear();
  const institution = await newInstitutionWithCode(page.request, "All Window College");
  const current = uniqueApId();
  const previous = uniqueApId();
  const student = (apId: string, firstName: string) => ({ apId, firstName, lastName: `Window${institution.diCode}`, dateOfBirth: "2006-04-05" });
  const loaded = await adminApi(page.request).post("/api/admin/score-reports", {
    reports: [
      // Noon on July 2 (Eastern) of this reporting year, and of the one before.
      {
        diCode: institution.diCode,
        student: student(current, "Current"),
        exams: [{ adminYear: year, examCode: "66", score: 4 }],
        releasedAt: `${year}-07-02T12:00:00-04:00`,
      },
      {
        diCode: institution.diCode,
        student: student(previous, "Previous"),
        exams: [{ adminYear: year - 1, examCode: "66", score: 3 }],
        releasedAt: `${year - 1}-07-02T12:00:00-04:00`,
      },
    ],
  });
  expect(loaded.status(), await loaded.text()).toBe(201);

  await signUp(page);
  await acceptTerms(page);
  const redeemed = await page.request.post("/api/enrollment/redeem", { data: { organizationId: institution.id, accessCode: institution.code } });
  expect(redeemed.status(), await redeemed.text()).toBe(201);

  const pdf = new PdfPage(page);
  await pdf.goto();
  await expect(
    page.getByRole("radio", { name: `All Student Reports: View students who had scores reported to your institution since July 1, ${year}` }),
  ).toBeVisible();
  await expect(page.getByRole("radio", { name: new RegExp(`Custom Date Range: .* anywhere between July 1, ${year - 1} and today`) })).toBeVisible();

  await pdf.chooseOption(/All Student Reports/);
  await expect(pdf.row(current)).toBeVisible();
  await expect(pdf.row(previous)).toHaveCount(0);
  await expect(page.getByTestId("pdf-showing")).toHaveText("Showing 1 of 1 results");
});
