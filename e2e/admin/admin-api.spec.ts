import { adminApi, expect, signInAs, signUp, test, uniqueApId } from "../fixtures";
import { scoreReport, txtLines, uniqueDiCode } from "../pages/admin.page";

async function newInstitution(api: ReturnType<typeof adminApi>, name = "API Test College") {
  const diCode = uniqueDiCode();
  const response = await api.post("/api/admin/institutions", { diCode, name, city: "Albany", state: "NY", zip: "12203" });
  expect(response.status(), await response.text()).toBe(201);
  return diCode;
}

async function expectBadField(response: import("@playwright/test").APIResponse, field: string) {
  expect(response.status(), await response.text()).toBe(400);
  const body = await response.json();
  expect(body.error.field).toBe(field);
  expect(body.error.message).toContain(field);
}

test.describe("admin API: authentication", () => {
  test("refuses a call without a token, with a bad token, and from a non-admin session", async ({ request, page }) => {
    const none = await request.get("/api/admin/institutions");
    expect(none.status()).toBe(401);
    const bad = await request.post("/api/admin/score-reports", { headers: { Authorization: "Bearer not-a-real-token" }, data: scoreReport("5818") });
    expect(bad.status()).toBe(401);
    expect((await bad.json()).error.code).toBe("UNAUTHENTICATED");
    const malformed = await request.get("/api/admin/institutions", { headers: { Authorization: "Basic abc" } });
    expect(malformed.status()).toBe(401);

    await signInAs(page, "registrar");
    const registrar = await page.request.get("/api/admin/institutions");
    expect(registrar.status()).toBe(403);
    const load = await page.request.post("/api/admin/score-reports", { data: scoreReport("5818") });
    expect(load.status()).toBe(403);
  });

  test("an administrator's browser session may call it too", async ({ page }) => {
    await signInAs(page, "admin");
    const response = await page.request.get("/api/admin/institutions?q=Example");
    expect(response.status()).toBe(200);
    const { institutions } = await response.json();
    expect(institutions.map((i: { diCode: string }) => i.diCode)).toContain("5818");
  });

  test("a revoked token stops working at once", async ({ request }) => {
    const api = adminApi(request);
    const created = await api.post("/api/admin/tokens", { name: "short-lived" });
    expect(created.status()).toBe(201);
    const { token } = (await created.json()).token;
    const headers = { Authorization: `Bearer ${token}` };
    expect((await request.get("/api/admin/institutions", { headers })).status()).toBe(200);
    const tokens = (await (await api.get("/api/admin/tokens")).json()).tokens as Array<{ id: string; name: string; lastUsedAt: string | null }>;
    const row = tokens.find((t) => t.name === "short-lived" && t.lastUsedAt !== null);
    expect(row, "the token's last use is recorded").toBeTruthy();
    expect((await request.delete(`/api/admin/tokens/${row!.id}`, { headers: { Authorization: `Bearer demo-admin-token` } })).status()).toBe(200);
    expect((await request.get("/api/admin/institutions", { headers })).status()).toBe(401);
  });
});

test.describe("admin API: institutions and access codes", () => {
  test("creates an institution, refuses a duplicate (409) and a bad DI code (400), finds and edits it", async ({ request }) => {
    const api = adminApi(request);
    const diCode = await newInstitution(api, "Duplicate Check College");
    const again = await api.post("/api/admin/institutions", { diCode, name: "Someone Else" });
    expect(again.status()).toBe(409);
    expect((await again.json()).error.field).toBe("diCode");
    await expectBadField(await api.post("/api/admin/institutions", { diCode: "12AB", name: "Bad" }), "diCode");
    await expectBadField(await api.post("/api/admin/institutions", { diCode: uniqueDiCode(), name: "" }), "name");

    const found = await (await api.get(`/api/admin/institutions?q=${diCode}`)).json();
    expect(found.institutions).toEqual([expect.objectContaining({ diCode, name: "Duplicate Check College" })]);

    const patched = await request.patch(`/api/admin/institutions/${diCode}`, {
      headers: { Authorization: "Bearer demo-admin-token" },
      data: { name: "Renamed College", contactName: "Office of the Registrar" },
    });
    expect(patched.status()).toBe(200);
    expect((await patched.json()).institution).toMatchObject({ diCode, name: "Renamed College", contactName: "Office of the Registrar", city: "Albany" });
    const missing = await request.patch(`/api/admin/institutions/${uniqueDiCode()}`, {
      headers: { Authorization: "Bearer demo-admin-token" },
      data: { name: "X" },
    });
    expect(missing.status()).toBe(404);
  });

  test("issues a code shown once, rotates it and revokes it", async ({ request }) => {
    const api = adminApi(request);
    const diCode = await newInstitution(api);
    const explicit = `E2E-${uniqueApId()}`;
    const issued = await api.post(`/api/admin/institutions/${diCode}/access-codes`, { code: explicit, maxRedemptions: 5, expiresAt: "2099-06-30T23:59:59Z" });
    expect(issued.status(), await issued.text()).toBe(201);
    const first = (await issued.json()).accessCode;
    expect(first).toMatchObject({ code: explicit, maxRedemptions: 5, expiresAt: "2099-06-30T23:59:59.000Z" });
    // Taken codes are refused, and the list never shows a code in full.
    expect((await api.post(`/api/admin/institutions/${diCode}/access-codes`, { code: explicit })).status()).toBe(409);
    await expectBadField(await api.post(`/api/admin/institutions/${diCode}/access-codes`, { expiresAt: "2001-01-01T00:00:00Z" }), "expiresAt");
    const list = await (await api.get(`/api/admin/institutions/${diCode}/access-codes`)).json();
    expect(JSON.stringify(list)).not.toContain(explicit);

    const rotated = await api.post(`/api/admin/institutions/${diCode}/access-codes/${first.id}/rotate`, {});
    expect(rotated.status()).toBe(201);
    const second = (await rotated.json()).accessCode;
    expect(second.code).not.toBe(explicit);
    expect(second).toMatchObject({ replaced: first.id, maxRedemptions: 5 });

    const codes = (await (await api.get(`/api/admin/institutions/${diCode}/access-codes`)).json()).accessCodes as Array<{
      id: string;
      status: string;
      redemptions: number;
    }>;
    expect(codes.find((c) => c.id === first.id)?.status).toBe("revoked");
    expect(codes.find((c) => c.id === second.id)).toMatchObject({ status: "active", redemptions: 0 });

    const auth = { Authorization: "Bearer demo-admin-token" };
    expect((await request.delete(`/api/admin/institutions/${diCode}/access-codes/${second.id}`, { headers: auth })).status()).toBe(200);
    expect((await request.delete(`/api/admin/institutions/${diCode}/access-codes/${second.id}`, { headers: auth })).status()).toBe(409);
    expect((await api.post(`/api/admin/institutions/${diCode}/access-codes/${second.id}/rotate`, {})).status()).toBe(409);
    expect((await request.delete(`/api/admin/institutions/${diCode}/access-codes/not-a-uuid`, { headers: auth })).status()).toBe(400);
  });
});

test.describe("admin API: score reports", () => {
  test("loads a single report and a batch, and re-sending a student makes a new version", async ({ request }) => {
    const api = adminApi(request);
    const single = await api.post("/api/admin/score-reports", scoreReport("5818"));
    expect(single.status(), await single.text()).toBe(201);
    const [one] = (await single.json()).released;
    expect(one).toMatchObject({ diCode: "5818", version: 1 });
    expect(one.reportId).toMatch(/^\d+$/);
    expect(new Date(one.releasedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const apIds = [uniqueApId(), uniqueApId(), uniqueApId()];
    const batch = await api.post("/api/admin/score-reports", { reports: [...apIds.map((a) => scoreReport("4866", a)), scoreReport("5818", one.apId)] });
    expect(batch.status(), await batch.text()).toBe(201);
    const released = (await batch.json()).released as Array<{ apId: string; diCode: string; version: number }>;
    expect(released.map((r) => r.apId)).toEqual([...apIds, one.apId]);
    expect(released[3]).toMatchObject({ diCode: "5818", version: 2 });
  });

  test("names the field at fault with a 400", async ({ request }) => {
    const api = adminApi(request);
    const base = scoreReport("5818");
    await expectBadField(await api.post("/api/admin/score-reports", { ...base, student: { ...base.student, apId: "bad id" } }), "student.apId");
    await expectBadField(await api.post("/api/admin/score-reports", { ...base, exams: [{ adminYear: 2025, examCode: "66", score: 6 }] }), "exams.0.score");
    await expectBadField(await api.post("/api/admin/score-reports", { ...base, exams: [{ adminYear: 2025, examCode: "99", score: 3 }] }), "exams.0.examCode");
    await expectBadField(
      await api.post("/api/admin/score-reports", { ...base, student: { ...base.student, dateOfBirth: "2007-02-30" } }),
      "student.dateOfBirth",
    );
    await expectBadField(await api.post("/api/admin/score-reports", { reports: [base, { ...base, exams: [] }] }), "reports.1.exams");
    const unknownCollege = await api.post("/api/admin/score-reports", scoreReport("999999"));
    expect(unknownCollege.status()).toBe(400);
    expect((await unknownCollege.json()).error.message).toMatch(/no institution has DI code 999999/);
    const notJson = await request.post("/api/admin/score-reports", {
      headers: { Authorization: "Bearer demo-admin-token", "Content-Type": "application/json" },
      data: "{nope",
    });
    expect(notJson.status()).toBe(400);
  });

  test("a batch with one bad report loads nothing", async ({ request }) => {
    const api = adminApi(request);
    const good = scoreReport("5818");
    const validationFailure = await api.post("/api/admin/score-reports", {
      reports: [good, scoreReport("5818", uniqueApId(), { exams: [{ adminYear: 2025, examCode: "66", score: 0 }] })],
    });
    await expectBadField(validationFailure, "reports.1.exams.0.score");
    const releaseFailure = await api.post("/api/admin/score-reports", { reports: [good, scoreReport("999999")] });
    expect(releaseFailure.status()).toBe(400);
    expect((await releaseFailure.json()).error.field).toBe("reports.1.diCode");
    // Had either batch loaded the good report, this would be its second version.
    const alone = await api.post("/api/admin/score-reports", good);
    expect((await alone.json()).released[0].version).toBe(1);
  });

  test("a TXT upload loads every line; a malformed line is refused with its number and nothing is loaded", async ({ request }) => {
    const auth = { Authorization: "Bearer demo-admin-token", "Content-Type": "text/plain" };
    const good = txtLines(3, "5818");
    const ok = await request.post("/api/admin/score-reports/txt?diCode=4866", { headers: auth, data: good.lines.join("\r\n") + "\r\n" });
    expect(ok.status(), await ok.text()).toBe(201);
    const released = (await ok.json()).released as Array<{ apId: string; diCode: string; version: number }>;
    expect(released.map((r) => [r.apId, r.diCode, r.version])).toEqual(good.apIds.map((a) => [a, "4866", 1]));

    const fresh = txtLines(3, "5818");
    const lines = [...fresh.lines];
    lines[1] = lines[1]!.slice(0, 542) + "9" + lines[1]!.slice(543); // score 9 in exam 1 of line 2
    const refused = await request.post("/api/admin/score-reports/txt", { headers: auth, data: lines.join("\n") });
    expect(refused.status()).toBe(400);
    const error = (await refused.json()).error;
    expect(error.field).toBe("line 2");
    expect(error.message).toMatch(/^Line 2: .*score 1-5.*Nothing was loaded\.$/);
    // Line 1 was fine, yet it was not loaded: sending it now gives version 1.
    const first = await request.post("/api/admin/score-reports/txt", { headers: auth, data: fresh.lines[0] });
    expect((await first.json()).released).toEqual([expect.objectContaining({ apId: fresh.apIds[0], diCode: "5818", version: 1 })]);

    const bad = await request.post("/api/admin/score-reports/txt?diCode=12", { headers: auth, data: fresh.lines[2] });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.field).toBe("diCode");
  });
});

test.describe("admin API: users and the audit log", () => {
  test("the audit log records score loads by the token and pages by id", async ({ request }) => {
    const api = adminApi(request);
    await api.post("/api/admin/score-reports", { reports: [scoreReport("5818"), scoreReport("5818")] });
    const page1 = await (await api.get("/api/admin/audit?action=admin.score-reports.loaded&institution=5818&limit=1")).json();
    expect(page1.rows).toHaveLength(1);
    expect(page1.rows[0]).toMatchObject({ action: "admin.score-reports.loaded", organizationCode: "5818", actorType: "admin-token" });
    expect(page1.nextBefore).not.toBeNull();
    const page2 = await (await api.get(`/api/admin/audit?action=admin.score-reports.loaded&limit=1&before=${page1.nextBefore}`)).json();
    expect(BigInt(page2.rows[0].id)).toBeLessThan(BigInt(page1.rows[0].id));
    expect((await api.get("/api/admin/audit?action=made.up")).status()).toBe(400);
  });

  test("finds a user and unlocks a locked account", async ({ request, page }) => {
    const api = adminApi(request);
    const email = `locked-${uniqueApId().toLowerCase()}@example.edu`;
    const signUp = await page.request.post("/api/account/sign-up", {
      data: {
        email,
        password: "A long enough passphrase 1",
        confirmPassword: "A long enough passphrase 1",
        firstName: "Lou",
        lastName: "Locked",
        organizationName: "X",
        jobFunction: "Other",
      },
    });
    expect(signUp.status(), await signUp.text()).toBe(202);
    // From a browser the account never signed in from (a known one has its own budget).
    await page.context().clearCookies();
    for (let i = 0; i < 5; i++) await page.request.post("/api/account/sign-in", { data: { email, password: `wrong-${i}` } });
    const lockedOut = await page.request.post("/api/account/sign-in", { data: { email, password: "A long enough passphrase 1" } });
    expect(lockedOut.status()).toBe(423);

    const { users } = await (await api.get(`/api/admin/users?q=${encodeURIComponent(email)}`)).json();
    expect(users).toEqual([expect.objectContaining({ email, locked: true })]);
    expect((await api.post(`/api/admin/users/${users[0].id}/unlock`, {})).status()).toBe(200);
    const again = await page.request.post("/api/account/sign-in", { data: { email, password: "A long enough passphrase 1" } });
    expect(again.status()).toBe(200);
  });

  test("an administrator's lock ends the user's sessions and stops every sign-in until unlocked", async ({ request, page }) => {
    const api = adminApi(request);
    const user = await signUp(page);
    expect((await page.request.post("/api/account/mfa-setup")).status()).toBe(200);
    const { users } = await (await api.get(`/api/admin/users?q=${encodeURIComponent(user.email)}`)).json();
    expect((await api.post(`/api/admin/users/${users[0].id}/lock`, {})).status()).toBe(200);

    // The open session is over, and the right password from the user's own browser is refused.
    expect((await page.request.post("/api/account/mfa-setup")).status()).toBe(401);
    const refused = await page.request.post("/api/account/sign-in", { data: { email: user.email, password: user.password } });
    expect(refused.status()).toBe(423);
    expect((await refused.json()).error.message).toMatch(/locked.*administrator/);
    expect((await (await api.get(`/api/admin/users?q=${encodeURIComponent(user.email)}`)).json()).users[0].locked).toBe(true);

    expect((await api.post(`/api/admin/users/${users[0].id}/unlock`, {})).status()).toBe(200);
    expect((await page.request.post("/api/account/sign-in", { data: { email: user.email, password: user.password } })).status()).toBe(200);
  });
});
