/**
 * Seed 000's campus "dropdown in the upper right corner": one control in the header, applied to
 * every page. A page opened for a named institution (?institution=, from the dashboard or an
 * email) shows it in the header, and the bulk tab, the PDF tab, the PDF forms and the main
 * navigation keep it; choosing in the header makes the choice the account's.
 */
import { DEMO_INSTITUTIONS, acceptTerms, expect, signUp, test } from "../fixtures";
import { enrollAt } from "../enrollment/helpers";

test("a multi-institution user's chosen institution follows them across bulk, PDF and the navigation", async ({ page }) => {
  test.slow();
  await signUp(page, { firstName: "Morgan", lastName: "Multi" });
  await acceptTerms(page);
  const ids = { example: await enrollAt(page, "example"), northern: await enrollAt(page, "northern") };
  await page.goto("/bulk");
  const select = page.getByRole("combobox", { name: "Institution" });
  const stored = await select.inputValue();
  const other = stored === ids.example ? "northern" : "example";
  const otherName = DEMO_INSTITUTIONS[other].name;

  // Opened for the other institution: the page and the header say so.
  await page.goto(`/bulk?institution=${ids[other]}`);
  await expect(page.getByTestId("bulk-institution")).toContainText(otherName);
  await expect(select).toHaveValue(ids[other]);

  // The PDF tab keeps it, and so does the PDF page's own form.
  await page.getByRole("navigation", { name: "Score report type" }).getByRole("link", { name: "Individual Reports (PDF)" }).click();
  await page.waitForURL(`**/pdf?institution=${ids[other]}`);
  await expect(page.getByTestId("pdf-institution")).toContainText(otherName);
  await expect(select).toHaveValue(ids[other]);
  await page.getByLabel(/^All Student Reports/).check();
  await page
    .getByRole("form", { name: /PDF Report Download Options/ })
    .getByRole("button", { name: "Continue" })
    .click();
  await page.waitForURL(/option=all/);
  expect(new URL(page.url()).searchParams.get("institution")).toBe(ids[other]);
  await expect(page.getByTestId("pdf-institution")).toContainText(otherName);

  // Back to the bulk tab and across the main navigation, still the same institution.
  await page.getByRole("navigation", { name: "Score report type" }).getByRole("link", { name: "Bulk Reports (TXT / CSV)" }).click();
  await page.waitForURL(`**/bulk?institution=${ids[other]}`);
  await expect(page.getByTestId("bulk-institution")).toContainText(otherName);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Individual Reports (PDF)" })).toHaveAttribute(
    "href",
    `/pdf?institution=${ids[other]}`,
  );

  // Choosing in the header makes it the account's choice: plain addresses show it from now on.
  await page.goto("/pdf");
  await select.selectOption(ids[other]);
  await page.getByRole("button", { name: "Switch" }).click();
  await expect(page.getByTestId("pdf-institution")).toContainText(otherName);
  await page.goto("/bulk");
  await expect(page.getByTestId("bulk-institution")).toContainText(otherName);
});
