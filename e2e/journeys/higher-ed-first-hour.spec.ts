/**
 * A new higher-ed user follows seed 000's steps in order: create the account → My Dashboard →
 * Get Access with the code → "you must log out and log back in again for the change to take
 * effect" → the portal → accept the site terms of use → the dashboard, which activates the daily
 * email. The terms still gate the portal and the web service.
 */
import crypto from "node:crypto";
import { EnrollPage } from "../pages/enroll.page";
import { SignInPage } from "../pages/sign-in.page";
import { newInstitutionWithCode } from "../enrollment/helpers";
import { confirmEmail, expect, expectAccessible, test, uniqueEmail } from "../fixtures";
import { webService } from "../web-service/world";
import { WS_MESSAGES } from "../../lib/web-service/constants";

test("a new registrar follows seed 000's steps in order", async ({ page }) => {
  test.slow();
  const institution = await newInstitutionWithCode(page.request, `Seed Order College ${crypto.randomUUID().slice(0, 6)}`);
  const email = uniqueEmail("seed000");
  const password = `Pass-${crypto.randomUUID()}`;

  // Step 1: Create a College Board Educator Account.
  await page.goto("/signup");
  await page.getByLabel("First name").fill("Sally");
  await page.getByLabel("Last name").fill("Sequence");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByLabel("Confirm password").fill(password);
  await page.getByLabel("U.S. ZIP code of your organization").fill("12203");
  await page.getByLabel("Where do you work?").fill(institution.name);
  await page.getByLabel("What is your primary job function?").selectOption("Higher Education: Registrar");
  await page.getByRole("button", { name: "Create Account" }).click();
  // "verify your institutional email": the emailed link confirms the address and signs in.
  await page.waitForURL(/\/check-email/);
  await confirmEmail(page, email, password);

  // Step 2: My Dashboard, before any terms: Higher Education → AP Higher Ed Score Reports → Get Access.
  await page.goto("/dashboard");
  await page.waitForURL("**/dashboard");
  await expect(page.getByRole("heading", { name: "My Dashboard" })).toBeVisible();
  await expect(page.getByText("Your account is not enrolled at any institution yet.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Get Access" }).click();
  const enroll = new EnrollPage(page);
  await expect(page.getByRole("heading", { name: "Get access to AP Higher Ed Score Reports" })).toBeVisible();
  await enroll.chooseOrganization(institution.name, institution.name.slice(0, 18));
  await enroll.add(institution.code);
  await expect(enroll.success()).toBeVisible();

  // Step 3: the change takes effect after signing out and in again, as the seed says.
  const relog = page.getByTestId("relog-notice");
  await expect(relog).toContainText("you must log out and log back in again for the change to take effect");
  // Not yet in the portal, and the web service refuses until the terms are accepted.
  const early = await webService(page.request).auth(email, password);
  expect(early.body).toMatchObject({ success: false, message: WS_MESSAGES.termsNotAccepted });
  await relog.getByRole("button", { name: "Sign Out" }).click();
  await page.waitForURL(/\/signin/);

  const signIn = new SignInPage(page);
  await signIn.submit(email, password);
  // The portal asks for the site terms of use first. Signing in lands on the dashboard, which
  // sends the browser on to them; that hand-over can cut the dashboard's own load short
  // (net::ERR_ABORTED, which waitForURL reports as a failure): wait for the address instead.
  await expect(page).toHaveURL(/\/terms(\?|$)/, { timeout: 30_000 });
  await expect(page.getByRole("heading", { name: "Site Terms of Use" })).toBeVisible();
  await page.getByLabel("I have read and accept the site terms of use.").check();
  await page.getByRole("button", { name: "Accept and Continue" }).click();

  // The dashboard activates the daily email for the institution.
  await page.waitForURL("**/dashboard");
  await expect(page.getByTestId("institution-list")).toContainText(institution.name);
  await page.goto("/notifications");
  await expect(page.getByTestId(`notification-row-${institution.diCode}`).getByTestId("notification-status")).toContainText("Active.");
  // With the terms accepted, the web service signs this account in.
  expect((await webService(page.request).auth(email, password)).body).toMatchObject({ success: true });
});
