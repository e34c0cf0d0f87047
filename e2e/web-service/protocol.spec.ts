import { generateSync } from "otplib";
import { expect, expectAccessible, test, signUp } from "../fixtures";
import { ownClientAddress } from "../client-address";
import { signDownloadUrl } from "../../lib/web-service/rules";
import { AUTHN, acceptTermsByApi, freshReports, recordsOf, release, webService, webServiceAccount } from "./world";

test.describe("web service: the four steps over HTTP", () => {
  test("full then new in TXT and CSV, an unlogged file comes again, nothing new after logging", async ({ page, request, baseURL }) => {
    const { user, institution } = await webServiceAccount(page);
    const ws = webService(request);
    const token = await ws.token(user.email, user.password);
    const first = freshReports(3);
    await release(request, institution.diCode, first);

    const full = await ws.generate(token, { diCode: institution.diCode, format: "TXT", downloadType: "full" });
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({
      success: true,
      recordCount: 3,
      fileName: expect.stringMatching(new RegExp(`^AP_${institution.diCode}_\\d{8}T\\d{6}Z_full\\.txt$`)),
    });
    expect(typeof full.body.downloadId).toBe("number");
    const url = new URL(full.body.url as string);
    expect(url.origin).toBe(baseURL);
    const expires = Number(url.searchParams.get("Expires"));
    expect(expires).toBeGreaterThan(Date.now() / 1000 + 60);
    expect(expires).toBeLessThan(Date.now() / 1000 + 3600);

    // The GET works with and without the X-CB headers, and sets Content-Length and the file name.
    const plain = await request.get(full.body.url as string);
    expect(plain.status()).toBe(200);
    // Next's server sends route-handler bodies chunked (it drops Content-Length); the record count is a header.
    expect(plain.headers()["x-record-count"]).toBe("3");
    expect(plain.headers()["content-disposition"]).toContain(full.body.fileName as string);
    const body = await plain.body();
    expect(body.length).toBe(3 * 952);
    expect([...recordsOf(body.toString("latin1"), "TXT").keys()].sort()).toEqual(first.map((r) => r.apId).sort());
    const withHeaders = await request.get(full.body.url as string, { headers: { ...AUTHN, "X-CB-Catapult-Authorization-Token": token } });
    expect(withHeaders.status()).toBe(200);

    // Downloaded but not logged (a crash before step 4): "new" brings the same reports again.
    const again = await ws.generate(token, { diCode: institution.diCode, format: "CSV", downloadType: "new" });
    expect(again.body).toMatchObject({ success: true, recordCount: 3 });

    expect(await ws.logged(token, { downloadId: String(full.body.downloadId), format: "TXT" })).toMatchObject({ status: 200, body: { success: true } });
    const twice = await ws.logged(token, { downloadId: full.body.downloadId, format: "TXT" });
    expect(twice).toMatchObject({ status: 200, body: { success: true, message: expect.stringContaining("already logged") } });

    const none = await ws.generate(token, { diCode: institution.diCode, format: "TXT", downloadType: "new" });
    expect(none.status).toBe(200);
    expect(none.body.success).toBe(false);
    expect(none.body.message).toContain("There were no score orders found");

    const second = [...freshReports(1), { apId: first[0]!.apId, firstName: "V2" }];
    await release(request, institution.diCode, second);
    const csv = await ws.generate(token, { diCode: Number(institution.diCode), format: "CSV", downloadType: "new" });
    expect(csv.body).toMatchObject({ success: true, recordCount: 2, fileName: expect.stringMatching(/_incremental\.csv$/) });
    const csvFile = await request.get(csv.body.url as string);
    expect(csvFile.headers()["content-type"]).toContain("text/csv");
    expect(Object.fromEntries(recordsOf(await csvFile.text(), "CSV"))).toEqual(Object.fromEntries(second.map((r) => [r.apId, r.firstName])));
    expect((await ws.logged(token, { downloadId: csv.body.downloadId, format: "CSV" })).body.success).toBe(true);
    expect((await ws.generate(token, { diCode: institution.diCode, format: "CSV", downloadType: "new" })).body.message).toContain(
      "There were no score orders found",
    );

    const list = await ws.list(token, institution.diCode);
    expect(list.status).toBe(200);
    const files = list.body.files as Array<{ downloadId: number; downloadType: string; format: string; loggedAt: string | null; recordCount: number }>;
    expect(files.map((f) => [f.downloadType, f.format, f.recordCount, f.loggedAt !== null])).toEqual([
      ["new", "CSV", 2, true],
      ["new", "CSV", 3, false],
      ["full", "TXT", 3, true],
    ]);
  });

  test("expired and altered download URLs answer 403 with an XML error", async ({ page, request, baseURL }) => {
    const { user, institution } = await webServiceAccount(page);
    const ws = webService(request);
    const token = await ws.token(user.email, user.password);
    await release(request, institution.diCode, freshReports(1));
    const file = await ws.generate(token, { diCode: institution.diCode, format: "TXT", downloadType: "full" });
    const id = String(file.body.downloadId);

    // Signed by the server's own key (the test shares AUTH_SECRET), an hour in the past.
    const expired = await request.get(signDownloadUrl(baseURL!, id, file.body.fileName as string, Date.now() - 3600_000, 900).url);
    expect(expired.status()).toBe(403);
    expect(expired.headers()["content-type"]).toBe("application/xml");
    expect(await expired.text()).toContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");

    const tampered = new URL(file.body.url as string);
    tampered.searchParams.set("Expires", String(Number(tampered.searchParams.get("Expires")) + 3600));
    const altered = await request.get(tampered.toString());
    expect(altered.status()).toBe(403);
    expect(await altered.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<Error><Code>SignatureDoesNotMatch<\/Code>/);

    const unsigned = new URL(file.body.url as string);
    unsigned.search = "";
    expect((await request.get(unsigned.toString())).status()).toBe(403);
    // Regenerating is always safe and gives a working URL for the same records.
    const regenerated = await ws.generate(token, { diCode: institution.diCode, format: "TXT", downloadType: "full" });
    expect((await request.get(regenerated.body.url as string)).status()).toBe(200);
  });

  test("each refusal has its own message and status", async ({ page, browser, request }) => {
    const ws = webService(request);
    const { user, institution } = await webServiceAccount(page);

    const wrong = await ws.auth(user.email, "not-the-password");
    expect(wrong).toMatchObject({ status: 401, body: { success: false, message: "The email address or password is incorrect." } });

    const noHeader = await request.post("/aposrd-api-prod/webServiceAuth", { data: { u: user.email, p: Buffer.from(user.password).toString("base64") } });
    expect(noHeader.status()).toBe(401);
    expect((await noHeader.json()).message).toContain("X-CB-Catapult-Authentication-Token");
    const wrongLogin = await request.post("/aposrd-api-prod/webServiceAuth", {
      headers: { ...AUTHN, "X-CB-Catapult-Authorization-Token": "Bearer x" },
      data: { u: user.email, p: "eA==" },
    });
    expect(wrongLogin.status()).toBe(401);

    const notBase64 = await request.post("/aposrd-api-prod/webServiceAuth", {
      headers: { ...AUTHN, "X-CB-Catapult-Authorization-Token": "CBLogin" },
      data: { u: user.email, p: "not base64!" },
    });
    expect(notBase64.status()).toBe(400);
    expect((await notBase64.json()).message).toContain("base64");

    // Terms not accepted; terms accepted but no role.
    const context = await browser.newContext({ proxy: await ownClientAddress() });
    const other = await context.newPage();
    const noTerms = await signUp(other);
    const termsAnswer = await ws.auth(noTerms.email, noTerms.password);
    expect(termsAnswer).toMatchObject({ status: 403, body: { success: false, message: expect.stringContaining("terms of use have not been accepted") } });
    await acceptTermsByApi(other);
    const roleAnswer = await ws.auth(noTerms.email, noTerms.password);
    expect(roleAnswer).toMatchObject({ status: 403, body: { message: expect.stringContaining("does not hold the APOSRD HED Admin role at any institution") } });
    await context.close();

    const token = await ws.token(user.email, user.password);
    const badValues = await ws.generate(token, { diCode: "58x8", format: "PDF", downloadType: "all" });
    expect(badValues).toMatchObject({ status: 400, body: { success: false, message: expect.stringContaining("diCode must be") } });
    expect((await ws.generate(token, { diCode: institution.diCode, format: "PDF", downloadType: "new" })).body.message).toBe('format must be "TXT" or "CSV"');
    expect((await ws.generate(token, { diCode: institution.diCode, format: "TXT", downloadType: "all" })).body.message).toBe(
      'downloadType must be "new" or "full"',
    );
    const elsewhere = await ws.generate(token, { diCode: "4866", format: "TXT", downloadType: "full" });
    expect(elsewhere).toMatchObject({ status: 403, body: { message: "This account does not hold the APOSRD HED Admin role for DI code 4866." } });
    expect((await ws.generate(`${token.slice(0, -4)}0000`, { diCode: institution.diCode, format: "TXT", downloadType: "full" })).status).toBe(401);
    expect((await ws.generate("", { diCode: institution.diCode, format: "TXT", downloadType: "full" })).body.message).toContain("authToken");
    expect((await ws.logged(token, { downloadId: 987654321, format: "TXT" })).status).toBe(404);
  });
});

test.describe("MFA and app passwords", () => {
  test("with MFA on the account password is refused, an app password works for the web service and never for portal sign-in", async ({ page, request }) => {
    const { user, institution } = await webServiceAccount(page);
    // Seed 000: click your name → View/Edit My Profile → the Multifactor Authentication (MFA) section.
    await page.goto("/dashboard");
    await page.getByTestId("profile-menu").locator("summary").click();
    await page.getByRole("link", { name: "View/Edit My Profile" }).click();
    await page.waitForURL("**/profile");
    await expect(page.getByTestId("mfa-status")).toHaveText("Inactive");
    await page.getByRole("button", { name: "Set Up MFA" }).click();
    await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
    const secret = (await page.getByTestId("mfa-secret").textContent())!.trim();
    await page.getByLabel("6-digit code").fill("000000");
    await page.getByRole("button", { name: "Turn On MFA" }).click();
    await expect(page.getByText("That code is not valid. Enter the current 6-digit code from your authenticator app.")).toBeVisible();
    await page.getByLabel("6-digit code").fill(generateSync({ secret }));
    await page.getByRole("button", { name: "Turn On MFA" }).click();
    await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
    await page.getByRole("button", { name: "I have saved my recovery codes" }).click();
    await expect(page.getByTestId("mfa-status")).toHaveText("Active");

    await page.goto("/settings");
    await page.getByLabel("App password name").fill("Nightly SIS import");
    // A credential that outlives sessions and skips MFA: the password and a code are asked again.
    await page.getByRole("button", { name: "Create App Password" }).click();
    await expect(page.getByText("Enter your current password").first()).toBeVisible();
    await page.getByLabel("Your account password").fill(user.password);
    await page.getByLabel("Authenticator or recovery code").fill(generateSync({ secret }));
    await page.getByRole("button", { name: "Create App Password" }).click();
    const appPassword = (await page.getByTestId("app-password-secret").textContent())!.trim();
    await expect(page.getByTestId("app-passwords-table")).toContainText("Nightly SIS import");
    await expectAccessible(page);

    const ws = webService(request);
    const refused = await ws.auth(user.email, user.password);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain("Multifactor authentication (MFA) is enabled");
    expect(refused.body.message).toContain("app password");

    const token = await ws.token(user.email, appPassword);
    await release(request, institution.diCode, freshReports(2));
    const file = await ws.generate(token, { diCode: institution.diCode, format: "TXT", downloadType: "new" });
    expect(file.body).toMatchObject({ success: true, recordCount: 2 });
    expect((await request.get(file.body.url as string)).status()).toBe(200);
    expect((await ws.logged(token, { downloadId: file.body.downloadId, format: "TXT" })).body.success).toBe(true);

    // Never a portal password.
    const portal = await request.post("/api/account/sign-in", { data: { email: user.email, password: appPassword } });
    expect(portal.status()).toBe(401);

    // The last use shows; revoking stops it at once.
    await page.reload();
    await expect(page.getByTestId("app-passwords-table")).not.toContainText("Never");
    page.on("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Revoke Nightly SIS import" }).click();
    await expect(page.getByTestId("app-passwords-empty")).toBeVisible();
    expect((await ws.generate(token, { diCode: institution.diCode, format: "TXT", downloadType: "new" })).status).toBe(401);
    expect((await ws.auth(user.email, appPassword)).status).toBe(401);

    // Turning MFA off (in View/Edit My Profile) brings the account password back.
    await page.goto("/profile");
    await page.getByLabel("Password or authenticator code").fill(user.password);
    await page.getByRole("button", { name: "Turn Off MFA" }).click();
    await expect(page.getByTestId("mfa-status")).toHaveText("Inactive");
    expect((await ws.auth(user.email, user.password)).status).toBe(200);
  });
});

test.describe("documentation", () => {
  test("the API reference page and the OpenAPI document", async ({ page, request }) => {
    await page.goto("/docs/web-service");
    await expect(page.getByRole("heading", { level: 1, name: "AP Higher Education Score Reports Web Service" })).toBeVisible();
    for (const name of ["curl", "JavaScript", "Java"]) await expect(page.getByRole("heading", { level: 3, name, exact: true })).toBeVisible();
    await expect(page.getByTestId("refusals")).toContainText("There were no score orders found");
    // Seed 000's "How to Trigger Your IT System": both options, a worked example for each schedule.
    await expect(page.getByRole("heading", { level: 2, name: "How to Trigger Your IT System" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: "Option 1: Use Email Notification as Trigger" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: "Option 2: Scheduled Downloads" })).toBeVisible();
    await expect(page.getByText("You must log in with the user account to AP Higher Education Score Reports to activate email notifications.")).toBeVisible();
    await expect(page.getByTestId("email-trigger")).toContainText("(DI code 5818");
    const schedules = page.getByTestId("schedule-examples");
    for (const name of ["daily", "every other day", "weekly", "biweekly", "monthly"]) {
      await expect(schedules.getByRole("rowheader", { name: new RegExp(`^${name}`, "i") })).toBeVisible();
    }
    // The configured support address (SUPPORT_EMAIL; the seed's pattern by default), on the page and at its foot.
    await expect(page.getByRole("heading", { level: 2, name: "Additional Support and Resources" })).toBeVisible();
    await expect(page.getByTestId("site-footer").getByRole("link", { name: /^APHigherEdScoreReports@/ })).toHaveAttribute(
      "href",
      /^mailto:APHigherEdScoreReports@/,
    );
    await expectAccessible(page);
    const doc = await request.get("/aposrd-api-prod/openapi.json");
    expect(doc.status()).toBe(200);
    const json = await doc.json();
    expect(json.openapi).toBe("3.1.0");
    expect(Object.keys(json.paths)).toContain("/aposrd-api-prod/fileGeneration");
  });
});
