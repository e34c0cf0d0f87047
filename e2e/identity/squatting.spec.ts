/**
 * Account pre-hijacking: someone registers a staff member's address before the staff member
 * does. The superintendent's authorization must never reach that account; it waits for the
 * address's owner, who proves it by the emailed link.
 */
import { K12_DEMO_ACCOUNTS } from "../../prisma/demo-data-k12";
import { confirmEmail, expect, signIn, test, uniqueEmail } from "../fixtures";

function signUpData(email: string, password: string, firstName: string) {
  return { email, password, confirmPassword: password, firstName, lastName: "Staffer", organizationName: "Springfield Unified", jobFunction: "Other" };
}

test("a squatted address never receives the superintendent's grant; its verified owner does", async ({ page }) => {
  const address = uniqueEmail("new.staffer");
  const squatterPassword = "squatter passphrase 1";
  const ownerPassword = "owner passphrase 22";

  // The squatter registers the address first and can sign in, but only to Check Your Email.
  expect((await page.request.post("/api/account/sign-up", { data: signUpData(address, squatterPassword, "Mallory") })).status()).toBe(202);
  await signIn(page, address, squatterPassword);
  await page.context().clearCookies();

  // The superintendent authorizes the address for district access.
  await signIn(page, K12_DEMO_ACCOUNTS.superintendent.email, K12_DEMO_ACCOUNTS.superintendent.password);
  const authorized = await page.request.post("/api/k12/district-users", { data: { email: address } });
  expect(authorized.status(), await authorized.text()).toBe(201);
  await page.context().clearCookies();

  // The squatter gets nothing: every K-12 page and API refuses the unverified account.
  await signIn(page, address, squatterPassword);
  await page.goto("/k12");
  await expect(page).toHaveURL(/\/check-email/);
  const roster = await page.request.get("/api/k12/roster");
  expect(roster.status()).toBe(403);
  expect((await roster.json()).error.message).toMatch(/Confirm your email address/);
  await page.context().clearCookies();

  // The owner signs up (the unverified registration is replaced) and confirms from the mailbox.
  expect((await page.request.post("/api/account/sign-up", { data: signUpData(address, ownerPassword, "Olivia") })).status()).toBe(202);
  expect((await page.request.post("/api/account/sign-in", { data: { email: address, password: squatterPassword } })).status()).toBe(401);
  await confirmEmail(page, address, ownerPassword);
  // A district administrator is a K-12 user: the K-12 terms come first.
  await page.goto("/k12");
  await page.waitForURL("**/k12/terms");
  await page.getByLabel("I have read and accept the site terms of use and the Legal Terms for Educators and Institutions.").check();
  await page.getByRole("button", { name: "Accept and Continue" }).click();
  await page.waitForURL(/\/k12(\?|$|\/organizations)/);
  const datafile = await page.request.get("/api/k12/datafile");
  expect(datafile.status(), await datafile.text()).toBe(200);
  expect(await datafile.text()).toContain('"Springfield Unified"');
});
