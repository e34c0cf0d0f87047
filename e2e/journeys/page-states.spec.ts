/**
 * The small things users notice: a real "Page not found" (status 404, in the frame of the part
 * of the site it belongs to), the current page marked in the navigation for screen readers,
 * the support address at the foot of every page, and printouts without the screen's controls.
 */
import { K12_DEMO_ACCOUNTS } from "../../prisma/demo-data-k12";
import { expect, expectAccessible, signIn, signInAs, signUp, test } from "../fixtures";

test("an address no page answers is a 404 with a way home", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/");
  await expect(page.getByTestId("site-footer")).toContainText("Questions? Contact: APHigherEdScoreReports@");
  await expectAccessible(page);
});

test("an administrator's unknown record is not found inside the console, with the console's navigation", async ({ page }) => {
  await signInAs(page, "admin");
  const response = await page.goto("/admin/institutions/999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Institutions" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("link", { name: "Go to the home page" })).toHaveAttribute("href", "/admin");
});

test("the navigation marks the page being shown, and only that one", async ({ page }) => {
  await signInAs(page, "registrar");
  await page.goto("/bulk");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Bulk Reports (TXT / CSV)" })).toHaveAttribute("aria-current", "page");
  await expect(nav.locator('[aria-current="page"]')).toHaveCount(1);
  // Following a link with the keyboard moves the mark.
  await nav.getByRole("link", { name: "Institution Activity" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForURL("**/activity**");
  await expect(nav.getByRole("link", { name: "Institution Activity" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Bulk Reports (TXT / CSV)" })).not.toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("site-footer").getByRole("link", { name: /^APHigherEdScoreReports@/ })).toBeVisible();
});

test("the activity page prints its title and table without navigation, filters or buttons", async ({ page }) => {
  await signInAs(page, "registrar");
  await page.goto("/activity");
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("heading", { level: 1, name: "Institution Activity" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("form", { name: "Filter activity" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
  await expect(page.getByTestId("profile-menu")).toBeHidden();
  await expect(page.getByTestId("site-footer")).toBeHidden();
});

test("the K-12 roster and planning report print without the screen's controls", async ({ page }) => {
  await signIn(page, K12_DEMO_ACCOUNTS.teacher.email, K12_DEMO_ACCOUNTS.teacher.password);
  await page.goto("/k12/roster");
  await expect(page.getByRole("heading", { level: 1, name: "Student Score Roster" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("form", { name: "Filter the roster" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("table").first()).toBeVisible();
  await page.emulateMedia({ media: "screen" });
  await page.goto("/k12/planning");
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("heading", { level: 1, name: "Instructional Planning Report" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print" })).toBeHidden();
});

test("one-time secrets have a copy button that puts exactly the secret on the clipboard and says so", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const user = await signUp(page, { firstName: "Casey", lastName: "Copy" });
  await page.goto("/settings");
  await page.getByLabel("App password name").fill("Clipboard check");
  await page.getByLabel("Your account password").fill(user.password);
  await page.getByRole("button", { name: "Create App Password" }).click();
  const secret = (await page.getByTestId("app-password-secret").textContent())!.trim();
  await page.getByRole("button", { name: "Copy app password" }).click();
  // Announced: the confirmation is a status message of its own.
  await expect(page.getByText("Copied to the clipboard.", { exact: true })).toHaveAttribute("role", "status");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
});
