import crypto from "node:crypto";
import { SignInPage } from "../pages/sign-in.page";
import { AdminConsole, hintOf, txtLines, uniqueDiCode } from "../pages/admin.page";
import { DEMO_ACCOUNTS, acceptTerms, adminApi, expect, expectAccessible, latestEmailTo, signInAs, signUp, test } from "../fixtures";
import { ownClientAddress } from "../client-address";

test.describe("admin console", () => {
  test("an administrator creates an institution, issues a code and rotates it; only the new code stays valid", async ({ page, browser, request }) => {
    // The longest journey here (two users, several pages, four axe scans) on a shared 2-core machine.
    test.slow();
    const signIn = new SignInPage(page);
    await signIn.goto();
    await signIn.submit(DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    await page.goto("/admin");
    await expect(page.getByRole("heading", { name: "Administration" })).toBeVisible();
    await expectAccessible(page);

    const admin = new AdminConsole(page);
    const diCode = uniqueDiCode();
    await admin.createInstitution({ diCode, name: "Console Test College", city: "Boston", state: "MA", zip: "02116" });
    await expect(page.getByText("This institution has no access codes yet.")).toBeVisible();
    await expectAccessible(page);

    const oldCode = await admin.issueCode();
    await expect(admin.codeRow(oldCode)).toContainText("Active");
    const newCode = await admin.rotateCode(oldCode);
    expect(newCode).not.toBe(oldCode);
    await expect(admin.codeRow(oldCode)).toContainText("Revoked");
    await expect(admin.codeRow(newCode)).toContainText("Active");
    // The old code's row offers no actions any more.
    await expect(page.getByRole("button", { name: `Rotate code …${hintOf(oldCode)}` })).toHaveCount(0);
    await expectAccessible(page);

    // The institution shows up in the search, and the change is in the audit log.
    await page.goto(`/admin/institutions?q=${diCode}`);
    await expect(page.getByTestId("institution-table")).toContainText("Console Test College");
    await page.goto(`/admin/audit?institution=${diCode}`);
    const audit = page.getByTestId("audit-table");
    await expect(audit).toContainText("admin.institution.created");
    await expect(audit).toContainText("admin.access-code.issued");
    await expect(audit).toContainText("admin.access-code.rotated");
    await expect(audit).toContainText(DEMO_ACCOUNTS.admin.email);
    await expectAccessible(page);

    // A fresh educator: the rotated-out code is refused, the new one grants access.
    const educator = await (await browser.newContext({ proxy: await ownClientAddress() })).newPage();
    await signUp(educator);
    await acceptTerms(educator);
    const found = await educator.request.get(`/api/organizations?${new URLSearchParams({ q: "Console Test College", zip: "02116" })}`);
    const { organizations } = (await found.json()) as { organizations: Array<{ id: string; diCode: string }> };
    const organizationId = organizations.find((o) => o.diCode === diCode)?.id;
    expect(organizationId).toBeTruthy();
    const withOld = await educator.request.post("/api/enrollment/redeem", { data: { organizationId, accessCode: oldCode } });
    expect(withOld.status()).toBeGreaterThanOrEqual(400);
    expect(withOld.status()).toBeLessThan(500);
    expect((await withOld.json()).error.message).toMatch(/revoked/i);
    const withNew = await educator.request.post("/api/enrollment/redeem", { data: { organizationId, accessCode: newCode } });
    expect(withNew.status(), await withNew.text()).toBe(201);
    await educator.close();
    const codes = (await (await adminApi(request).get(`/api/admin/institutions/${diCode}/access-codes`)).json()).accessCodes as Array<{
      hint: string;
      status: string;
      redemptions?: number;
    }>;
    expect(codes.find((c) => c.hint === hintOf(oldCode))?.status).toBe("revoked");
    expect(codes.find((c) => c.hint === hintOf(newCode))?.status).toBe("active");
  });

  test("an issued code is emailed to the institution's primary contact; the console shows it and resends it", async ({ page, request }) => {
    const api = adminApi(request);
    const diCode = uniqueDiCode();
    const contact = `contact-${crypto.randomUUID().slice(0, 8)}@college.example`;
    const created = await api.post("/api/admin/institutions", {
      diCode,
      name: `Contact Test College ${diCode}`,
      zip: "02116",
      contactName: "Casey Contact",
      contactEmail: contact,
    });
    expect(created.status(), await created.text()).toBe(201);

    await signInAs(page, "admin");
    await page.goto(`/admin/institutions/${diCode}`);
    const admin = new AdminConsole(page);
    const code = await admin.issueCode();
    await expect(page.getByTestId("issued-delivery")).toContainText(`emailed to the institution's primary contact, ${contact}`);
    const first = await latestEmailTo(request, contact, /Your access code for AP Higher Ed Score Reports/);
    expect(first.text).toContain(code);
    expect(first.text).toContain(`Contact Test College ${diCode}`);
    await expect(page.getByTestId(`deliveries-${hintOf(code)}`)).toContainText(contact);

    await page.getByRole("button", { name: `Resend code …${hintOf(code)}` }).click();
    await expect(page.getByTestId("resent-notice")).toContainText(`was emailed to ${contact}`);
    await expect(page.getByTestId(`deliveries-${hintOf(code)}`)).toContainText("Resent by");
    await expectAccessible(page);

    // The same through the admin API: the list says when and to whom; a revoked code cannot be resent.
    const codes = (await (await api.get(`/api/admin/institutions/${diCode}/access-codes`)).json()).accessCodes as Array<{
      id: string;
      hint: string;
      resendable: boolean;
      deliveries: Array<{ email: string; reason: string; sentAt: string | null }>;
    }>;
    const row = codes.find((c) => c.hint === hintOf(code))!;
    expect(row.resendable).toBe(true);
    expect(row.deliveries.map((d) => [d.reason, d.email])).toEqual([
      ["resent", contact],
      ["issued", contact],
    ]);
    const resent = await api.post(`/api/admin/institutions/${diCode}/access-codes/${row.id}/resend`, {});
    expect(resent.status(), await resent.text()).toBe(200);
    expect((await resent.json()).delivery).toMatchObject({ email: contact, reason: "resent" });
    expect(
      (await request.delete(`/api/admin/institutions/${diCode}/access-codes/${row.id}`, { headers: { Authorization: "Bearer demo-admin-token" } })).status(),
    ).toBe(200);
    expect((await api.post(`/api/admin/institutions/${diCode}/access-codes/${row.id}/resend`, {})).status()).toBe(409);
  });

  test("institution form errors are shown next to the fields, and a duplicate DI code is refused", async ({ page }) => {
    await signInAs(page, "admin");
    await page.goto("/admin/institutions");
    const form = page.locator("form", { has: page.getByRole("button", { name: "Create Institution" }) });
    await form.getByLabel("DI code").fill("12");
    const answer = page.waitForResponse("**/api/admin/institutions");
    await form.getByRole("button", { name: "Create Institution" }).click();
    expect((await answer).status()).toBe(400);
    await expect(form.getByText("must be a 4-6 digit DI code", { exact: true })).toBeVisible();
    await expect(form.getByLabel("DI code")).toHaveAttribute("aria-invalid", "true");
    await form.getByLabel("DI code").fill("5818");
    await form.getByRole("textbox", { name: "Name", exact: true }).fill("Copy of Example");
    const duplicate = page.waitForResponse("**/api/admin/institutions");
    await form.getByRole("button", { name: "Create Institution" }).click();
    expect((await duplicate).status()).toBe(409);
    await expect(form.getByText("DI code 5818 is already in use.")).toBeVisible();
    await expect(page.getByTestId("form-error")).toHaveText("Please correct the fields marked below.");
  });

  test("uploading a TXT file releases its records; a malformed file is refused by line and loads nothing", async ({ page }) => {
    await signInAs(page, "admin");
    await page.goto("/admin/score-data");
    await expectAccessible(page);
    const good = txtLines(2, "5818");
    await page.getByLabel("DI code (optional)").fill("4866");
    await page.getByLabel("TXT file").setInputFiles({ name: "scores.txt", mimeType: "text/plain", buffer: Buffer.from(good.lines.join("\r\n") + "\r\n") });
    await page.getByRole("button", { name: "Upload and Release" }).click();
    await expect(page.getByTestId("upload-result")).toHaveText("Loaded 2 score reports for DI code 4866.");

    const bad = txtLines(3, "5818");
    const lines = [...bad.lines];
    lines[2] = lines[2]!.slice(0, 100);
    await page.getByLabel("DI code (optional)").fill("");
    await page.getByLabel("TXT file").setInputFiles({ name: "bad.txt", mimeType: "text/plain", buffer: Buffer.from(lines.join("\n")) });
    await page.getByRole("button", { name: "Upload and Release" }).click();
    await expect(page.getByTestId("form-error")).toContainText("Line 3: The line is 100 characters long");
    await expect(page.getByTestId("form-error")).toContainText("Nothing was loaded.");
    await expectAccessible(page);
  });

  test("an administrator finds a locked user and unlocks the account", async ({ page, browser }) => {
    const visitor = await (await browser.newContext({ proxy: await ownClientAddress() })).newPage();
    const user = await signUp(visitor);
    // From a browser the account never signed in from (a known one has its own budget).
    await visitor.context().clearCookies();
    for (let i = 0; i < 5; i++) await visitor.request.post("/api/account/sign-in", { data: { email: user.email, password: `wrong-${i}` } });

    await signInAs(page, "admin");
    await page.goto(`/admin/users?q=${encodeURIComponent(user.email)}`);
    await expect(page.getByTestId("user-table")).toContainText("Locked");
    await expectAccessible(page);
    await page.getByRole("link", { name: `${user.firstName} ${user.lastName}` }).click();
    await expect(page.getByText("This account is locked.")).toBeVisible();
    await expectAccessible(page);
    await page.getByRole("button", { name: "Unlock Account" }).click();
    await expect(page.getByText("This account is locked.")).toHaveCount(0);

    const again = await visitor.request.post("/api/account/sign-in", { data: { email: user.email, password: user.password } });
    expect(again.status()).toBe(200);
    await visitor.close();
  });

  test("API tokens are shown once; the token, users and outbox pages are accessible", async ({ page, request }) => {
    page.on("dialog", (dialog) => void dialog.accept());
    await signInAs(page, "admin");
    await page.goto("/admin/tokens");
    // Other tests revoke their own tokens at the same time: this one has a name of its own.
    const name = `Console-made token ${crypto.randomUUID().slice(0, 8)}`;
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create Token" }).click();
    const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
    expect(token.length).toBeGreaterThan(30);
    expect((await request.get("/api/admin/institutions", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
    await page.reload();
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    await expect(page.getByTestId("token-table")).not.toContainText(token);
    await expectAccessible(page);
    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    await expect(page.getByTestId("token-table").getByRole("row").filter({ hasText: name })).toContainText("Revoked");
    expect((await request.get("/api/admin/institutions", { headers: { Authorization: `Bearer ${token}` } })).status()).toBe(401);

    for (const path of ["/admin/users", "/admin/outbox", "/admin/institutions"]) {
      await page.goto(path);
      await expectAccessible(page);
    }
  });

  test("a registrar is turned away from the console", async ({ page }) => {
    await signInAs(page, "registrar");
    await page.goto("/admin/institutions");
    await expect(page).toHaveURL(/\/dashboard\?denied=admin/);
    await expect(page.getByText("That page is for program administrators only.")).toBeVisible();
  });
});
