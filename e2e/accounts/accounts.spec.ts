import crypto from "node:crypto";
import { EnrollPage } from "../pages/enroll.page";
import { SignInPage } from "../pages/sign-in.page";
import { DEMO_ACCOUNTS, DEMO_INSTITUTIONS, expect, expectAccessible, latestEmailTo, signUp, test, uniqueEmail, verificationPath } from "../fixtures";

test.describe("accounts", () => {
  test("the sign-in page is styled and accessible", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/signin/);
    await expect(page.getByRole("heading", { name: "Sign In" })).toBeVisible();
    const background = await page
      .locator("header")
      .first()
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe("rgba(0, 0, 0, 0)");
    await expectAccessible(page);
  });

  test("a new educator signs up, confirms the address from the email, accepts the terms and gets access", async ({ page }) => {
    test.slow();
    const email = uniqueEmail("signup");
    const password = "correct horse battery staple";
    await page.goto("/signup");
    await expectAccessible(page);
    await page.getByLabel("First name").fill("Jordan");
    await page.getByLabel("Last name").fill("Lee");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel("Confirm password").fill(password);
    await page.getByLabel("U.S. ZIP code of your organization").fill("10023");
    await page.getByLabel("Where do you work?").fill("Example University");
    await page.getByLabel("What is your primary job function?").selectOption("Higher Education: Registrar");
    await page.getByRole("button", { name: "Create Account" }).click();
    // Nobody is signed in by sign-up: the address must be confirmed first.
    await expect(page).toHaveURL(/\/check-email/);
    await expect(page.getByTestId("sign-up-sent")).toBeVisible();
    expect(page.url()).not.toContain("password");
    await page.goto("/terms");
    await expectAccessible(page);

    // Signing in before confirming reaches only the Check Your Email page.
    await new SignInPage(page).goto();
    await new SignInPage(page).submit(email, password);
    await expect(page).toHaveURL(/\/check-email/);
    await expect(page.getByTestId("verify-required")).toBeVisible();
    await expect(page.getByTestId("account-email")).toHaveText(email);
    const refused = await page.request.post("/api/enrollment/redeem", {
      data: { organizationId: crypto.randomUUID(), accessCode: DEMO_INSTITUTIONS.example.accessCode },
    });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.message).toMatch(/Confirm your email address/);
    await page.goto("/enroll");
    await expect(page).toHaveURL(/\/check-email/);

    // The resend button sends a new link (the first one stops working) and is throttled.
    const first = verificationPath((await latestEmailTo(page.request, email, /Confirm your email address/)).text);
    await page.getByRole("button", { name: "Send a new link" }).click();
    await expect(page.getByTestId("resend-result")).toContainText(`We sent a new link to ${email}`);
    let link = first;
    await expect.poll(async () => (link = verificationPath((await latestEmailTo(page.request, email, /Confirm your email address/)).text))).not.toBe(first);
    for (let i = 0; i < 2; i++) await page.request.post("/api/account/verify-email/resend");
    const throttled = await page.request.post("/api/account/verify-email/resend");
    expect(throttled.status()).toBe(429);
    link = verificationPath((await latestEmailTo(page.request, email, /Confirm your email address/)).text);

    await page.goto(first);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Confirm Email Address" }).click();
    await expect(page.getByTestId("form-error")).toContainText("expired or has already been used");

    await page.goto(link);
    await expect(page.getByRole("heading", { name: "Confirm Your Email Address" })).toBeVisible();
    await expectAccessible(page);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Confirm Email Address" }).click();
    await expect(page.getByText("The password is incorrect.")).toBeVisible();
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Confirm Email Address" }).click();
    await expect(page).toHaveURL(/\/terms/);
    await page.getByLabel("I have read and accept the site terms of use.").check();
    await page.getByRole("button", { name: "Accept and Continue" }).click();
    await expect(page.getByRole("heading", { name: "My Dashboard" })).toBeVisible();
    await expect(page.getByTestId("signed-in-as")).toHaveText("Jordan Lee");

    // Get Access with the institution's code now works.
    await page.getByRole("link", { name: "Get Access" }).click();
    const enroll = new EnrollPage(page);
    await expect(enroll.organization()).toHaveValue(DEMO_INSTITUTIONS.example.name);
    await enroll.add(DEMO_INSTITUTIONS.example.accessCode);
    await expect(enroll.yourAccess()).toContainText(DEMO_INSTITUTIONS.example.name);

    // The link was for one use.
    const reused = await page.request.post("/api/account/verify-email", { data: { token: new URL(link, "http://x").searchParams.get("token"), password } });
    expect(reused.status()).toBe(400);
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

  test("signing up with a taken address answers like any sign-up, changes nothing and tells the owner", async ({ page }) => {
    const user = await signUp(page);
    const fresh = uniqueEmail("fresh");
    const form = {
      firstName: "Mallory",
      lastName: "X",
      password: "Another long passphrase 9",
      confirmPassword: "Another long passphrase 9",
      organizationName: "X",
      jobFunction: "Other",
    };
    const taken = await page.request.post("/api/account/sign-up", { data: { ...form, email: user.email } });
    const untaken = await page.request.post("/api/account/sign-up", { data: { ...form, email: fresh } });
    expect(taken.status()).toBe(202);
    expect(untaken.status()).toBe(202);
    expect(await taken.json()).toEqual(await untaken.json());
    expect(taken.headers()["set-cookie"]).toBeUndefined();
    const notice = await latestEmailTo(page.request, user.email, /Someone tried to create an account/);
    expect(notice.text).toContain("no new account was created");
    // The owner's password still works; the intruder's does not.
    expect((await page.request.post("/api/account/sign-in", { data: { email: user.email, password: form.password } })).status()).toBe(401);
    expect((await page.request.post("/api/account/sign-in", { data: { email: user.email, password: user.password } })).status()).toBe(200);
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
    // Two slow password hashes (check and new): seconds on a loaded machine.
    await expect(page.getByTestId("form-success")).toContainText("Your password has been changed", { timeout: 30_000 });
    await page.goto("/settings");
    await expect(page.getByRole("heading", { name: "Account Settings" })).toBeVisible();
    const old = await page.request.post("/api/account/sign-in", { data: { email: user.email, password: user.password } });
    expect(old.status()).toBe(401);
  });
});
