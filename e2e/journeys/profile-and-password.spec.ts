/**
 * View/Edit My Profile from the header's profile menu, and password expiry: the test sets the
 * account's password date back (its clock) past PASSWORD_MAX_AGE_DAYS (on by default: 365),
 * then the web service refuses with its message and the portal forces a change at sign-in.
 */
import crypto from "node:crypto";
import pg from "pg";
import { SignInPage } from "../pages/sign-in.page";
import { expect, expectAccessible, signUp, test } from "../fixtures";
import { ownClientAddress } from "../client-address";
import { webService, webServiceAccount } from "../web-service/world";
import { WS_MESSAGES } from "../../lib/web-service/constants";

/** Moves the account's password date `days` into the past, as if that much time had passed. */
async function agePassword(email: string, days: number): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const result = await client.query("UPDATE app_user SET password_changed_at = now() - make_interval(days => $2) WHERE email = $1", [email, days]);
    expect(result.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}

test("a user opens View/Edit My Profile from the profile menu and edits name, organization, ZIP and job function", async ({ page }) => {
  const user = await signUp(page, { firstName: "Pat", lastName: "Profile" });
  await page.goto("/dashboard");
  const menu = page.getByTestId("profile-menu");
  await expect(menu.getByTestId("signed-in-as")).toHaveText("Pat Profile");
  await menu.locator("summary").click();
  await menu.getByRole("link", { name: "View/Edit My Profile" }).click();
  await page.waitForURL("**/profile");
  await expect(page.getByRole("heading", { name: "My Profile" })).toBeVisible();
  await expect(page.getByText(user.email)).toBeVisible();
  // The password's expiration date (a year after it was set, by default).
  const expires = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", month: "long", day: "numeric", year: "numeric" }).format(
    new Date(Date.now() + 365 * 86_400_000),
  );
  await expect(page.getByTestId("password-expiration")).toContainText(`Your password expires on ${expires}.`);
  await expect(page.getByRole("heading", { name: "Multifactor Authentication (MFA)" })).toBeVisible();
  await expect(page.getByTestId("mfa-status")).toHaveText("Inactive");
  await expectAccessible(page);

  await page.getByLabel("Last name").fill("Profiled");
  await page.getByLabel("U.S. ZIP code of your organization").fill("12ab");
  await page.getByRole("button", { name: "Submit Changes" }).click();
  await expect(page.getByTestId("form-error")).toHaveText("Please correct the fields marked below.");
  await expect(page.getByText("Enter a 5-digit U.S. ZIP code")).toBeVisible();

  await page.getByLabel("U.S. ZIP code of your organization").fill("12203");
  await page.getByLabel("Where do you work?").fill("Northern Test College");
  await page.getByLabel("What is your primary job function?").selectOption("Higher Education: Admissions");
  await page.getByRole("button", { name: "Submit Changes" }).click();
  await expect(page.getByTestId("form-success")).toHaveText("Your profile has been updated.");
  await expect(menu.getByTestId("signed-in-as")).toHaveText("Pat Profiled");

  await page.reload();
  await expect(page.getByLabel("Last name")).toHaveValue("Profiled");
  await expect(page.getByLabel("U.S. ZIP code of your organization")).toHaveValue("12203");
  await expect(page.getByLabel("Where do you work?")).toHaveValue("Northern Test College");
  await expect(page.getByLabel("What is your primary job function?")).toHaveValue("Higher Education: Admissions");
});

test("an expired password: the web service refuses with its message and the portal forces a change at sign-in", async ({ page, browser }) => {
  test.slow();
  const { user } = await webServiceAccount(page);
  const ws = webService(page.request);
  expect((await ws.auth(user.email, user.password)).body).toMatchObject({ success: true });

  await agePassword(user.email, 400);
  const refused = await ws.auth(user.email, user.password);
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ success: false, message: WS_MESSAGES.passwordExpired });

  // Signing in to the portal leads to the change before anything else.
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, proxy: await ownClientAddress() });
  const portal = await context.newPage();
  const signIn = new SignInPage(portal);
  await signIn.goto();
  await signIn.submit(user.email, user.password);
  await portal.waitForURL("**/password-expired");
  await expect(portal.getByRole("heading", { name: "Change Your Expired Password" })).toBeVisible();
  await expect(portal.getByTestId("password-expired")).toContainText("Your password expired on");
  await expectAccessible(portal);
  for (const path of ["/dashboard", "/bulk", "/profile"]) {
    await portal.goto(path);
    await expect(portal, path).toHaveURL(/\/password-expired$/);
  }
  const api = await portal.request.post("/api/enrollment/redeem", { data: { organizationId: crypto.randomUUID(), accessCode: "X" } });
  expect(api.status()).toBe(403);
  expect((await api.json()).error.message).toBe("Your password has expired. Change it before you add access.");

  const fresh = "a renewed passphrase 2026";
  await portal.getByLabel("Current password").fill(user.password);
  await portal.getByLabel("New password", { exact: true }).fill(fresh);
  await portal.getByLabel("Confirm new password").fill(fresh);
  await portal.getByRole("button", { name: "Change Password" }).click();
  await portal.waitForURL("**/dashboard");
  await expect(portal.getByRole("heading", { name: "My Dashboard" })).toBeVisible();

  // The web service takes the new password (the script is updated) and still refuses the old one.
  expect((await ws.auth(user.email, fresh)).body).toMatchObject({ success: true });
  expect((await ws.auth(user.email, user.password)).body).toMatchObject({ success: false });
  await context.close();
});
