import { SignInPage } from "../pages/sign-in.page";
import { DEMO_ACCOUNTS, expect, expectAccessible, signUp, test, uniqueEmail } from "../fixtures";

test.describe("accounts", () => {
  test("the sign-in page is styled and accessible", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole("heading", { name: "Sign In" })).toBeVisible();
    const background = await page.locator("header").first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe("rgba(0, 0, 0, 0)");
    await expectAccessible(page);
  });

  test("a new educator signs up, is asked to accept the terms, and lands on the dashboard", async ({ page }) => {
    const email = uniqueEmail("signup");
    await page.goto("/signup");
    await expectAccessible(page);
    await page.getByLabel("First name").fill("Jordan");
    await page.getByLabel("Last name").fill("Lee");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("correct horse battery staple");
    await page.getByLabel("Confirm password").fill("correct horse battery staple");
    await page.getByLabel("U.S. ZIP code of your organization").fill("10023");
    await page.getByLabel("Where do you work?").fill("Example University");
    await page.getByLabel("What is your primary job function?").selectOption("Higher Education: Registrar");
    await page.getByRole("button", { name: "Create Account" }).click();
    // Seed 000's order: My Dashboard (Get Access) first; the terms before the portal opens.
    await expect(page).toHaveURL(/\/dashboard/);
    await expect(page.getByRole("heading", { name: "My Dashboard" })).toBeVisible();
    expect(page.url()).not.toContain("password");
    await page.goto("/terms");
    await expectAccessible(page);
    await page.getByLabel("I have read and accept the site terms of use.").check();
    await page.getByRole("button", { name: "Accept and Continue" }).click();
    await expect(page.getByRole("heading", { name: "My Dashboard" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toHaveText("Jordan Lee");
  });

  test("sign-up rejects bad input next to the fields with a 400 and creates nothing", async ({ page }) => {
    await page.goto("/signup");
    await page.getByLabel("Email address").fill("not-an-email");
    await page.getByLabel("Password", { exact: true }).fill("password1");
    await page.getByLabel("Confirm password").fill("password2");
    const answer = page.waitForResponse("**/api/account/sign-up");
    await page.getByRole("button", { name: "Create Account" }).click();
    expect((await answer).status()).toBe(400);
    await expect(page.getByText("Enter a valid email address, such as name@university.edu")).toBeVisible();
    await expect(page.getByText("This password is too common")).toBeVisible();
    await expect(page.getByText("First name is required")).toBeVisible();
    await expect(page.getByTestId("form-error")).toHaveText("Please correct the fields marked below.");
    await expect(page).toHaveURL(/\/signup/);
  });

  test("signing up twice with one email is refused with a clear message", async ({ page }) => {
    const user = await signUp(page);
    const again = await page.request.post("/api/account/sign-up", {
      data: { ...user, confirmPassword: user.password, organizationName: "X", jobFunction: "Other" },
    });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.message).toMatch(/already exists/);
  });

  test("the demo registrar signs in and out", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submit(DEMO_ACCOUNTS.registrar.email, DEMO_ACCOUNTS.registrar.password);
    await expect(page.getByRole("heading", { name: "My Dashboard" })).toBeVisible();
    await expect(page.getByTestId("institution-list")).toContainText("Example University");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Sign Out" }).click();
    await expect(page.getByText("You have signed out.")).toBeVisible();
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fdashboard/);
  });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submit(DEMO_ACCOUNTS.colleague.email, "not-the-password");
    await expect(signIn.error()).toHaveText("The email address or password is incorrect.");
    await expect(page).toHaveURL(/\/signin/);
  });

  test("repeated failures lock the account and the user is told so", async ({ page }) => {
    const user = await signUp(page);
    await page.context().clearCookies();
    for (let i = 1; i <= 4; i++) {
      const r = await page.request.post("/api/account/sign-in", { data: { email: user.email, password: `wrong-${i}` } });
      expect(r.status()).toBe(401);
    }
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submit(user.email, "wrong-5");
    await expect(signIn.error()).toContainText("locked");
    // Even the right password is refused while the lock lasts.
    const locked = await page.request.post("/api/account/sign-in", { data: { email: user.email, password: user.password } });
    expect(locked.status()).toBe(423);
    expect((await locked.json()).error.message).toMatch(/locked for 1 more minute/);
  });

  test("changing the password ends the old password and keeps this session", async ({ page }) => {
    const user = await signUp(page);
    await page.goto("/settings");
    await page.getByLabel("Current password").fill(user.password);
    await page.getByLabel("New password", { exact: true }).fill("a brand new passphrase 2026");
    await page.getByLabel("Confirm new password").fill("a brand new passphrase 2026");
    await page.getByRole("button", { name: "Change Password" }).click();
    await expect(page.getByTestId("form-success")).toContainText("Your password has been changed");
    await page.goto("/settings");
    await expect(page.getByRole("heading", { name: "Account Settings" })).toBeVisible();
    const old = await page.request.post("/api/account/sign-in", { data: { email: user.email, password: user.password } });
    expect(old.status()).toBe(401);
  });
});
