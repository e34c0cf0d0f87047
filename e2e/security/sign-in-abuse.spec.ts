import { generateSync } from "otplib";
import { adminApi, expect, signUp, test } from "../fixtures";
import { ownClientAddress } from "../client-address";
import { SignInPage } from "../pages/sign-in.page";

/**
 * Sign-in as an attacker on the open internet would try it: each test's requests come from
 * its own loopback address (e2e/client-address.ts), the owner's browser from another.
 */
test.describe("sign-in under attack", () => {
  test("a burst of 150 parallel wrong passwords judges at most 100, and the owner's browser still signs in", async ({ browser, request }) => {
    test.setTimeout(180_000);
    const owner = await (await browser.newContext({ proxy: await ownClientAddress() })).newPage();
    const user = await signUp(owner); // signing in once makes this browser a known device
    expect((await owner.request.post("/api/account/sign-out")).status()).toBeLessThan(400);

    const statuses = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        request.post("/api/account/sign-in", { data: { email: user.email, password: `guess-${i}` } }).then((r) => r.status()),
      ),
    );
    expect(statuses.every((s) => s === 401 || s === 423 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s !== 401).length).toBeGreaterThan(0);
    const refused = await request.post("/api/account/sign-in", { data: { email: user.email, password: user.password } });
    expect([423, 429]).toContain(refused.status());
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);

    const events = await (await adminApi(request).get(`/api/admin/audit?user=${encodeURIComponent(user.email)}&action=sign-in.failure&limit=200`)).json();
    expect(events.rows.length).toBeGreaterThan(0);
    expect(events.rows.length).toBeLessThanOrEqual(100);

    // The owner, from the browser they signed in with before, is not locked out.
    const signIn = new SignInPage(owner);
    await signIn.goto();
    await signIn.submit(user.email, user.password);
    await owner.waitForURL((url) => !url.pathname.startsWith("/signin"));
    await owner.close();
  });

  test("guessing MFA codes meets a limit even when the password is entered again", async ({ page, request }) => {
    test.setTimeout(180_000);
    const user = await signUp(page);
    const setup = await (await page.request.post("/api/account/mfa-setup")).json();
    const confirmed = await page.request.post("/api/account/mfa-setup/confirm", {
      data: { ticket: setup.ticket, code: generateSync({ secret: setup.secret }) },
    });
    expect(confirmed.status(), await confirmed.text()).toBe(200);

    // The attacker knows the password and guesses codes, re-entering the password for new tickets.
    let wrong = 0;
    let stopped: { status: number; retryAfter: string | undefined; message: string } | null = null;
    for (let round = 0; round < 10 && !stopped; round++) {
      const first = await request.post("/api/account/sign-in", { data: { email: user.email, password: user.password } });
      expect(first.status()).toBe(200);
      const { ticket } = await first.json();
      for (let i = 0; i < 3 && !stopped; i++) {
        const guess = await request.post("/api/account/mfa", { data: { ticket, code: String(100000 + wrong) } });
        if (guess.status() === 401) wrong++;
        else stopped = { status: guess.status(), retryAfter: guess.headers()["retry-after"], message: (await guess.json()).error.message };
      }
      if (!stopped) {
        // A ticket is good for three tries only.
        const spent = await request.post("/api/account/mfa", { data: { ticket, code: "123456" } });
        expect(spent.status()).toBe(401);
        expect((await spent.json()).error.message).toMatch(/Enter your email and password again/);
      }
    }
    // Four wrong codes are told so; the fifth starts the pause and says so, however many
    // tickets the attacker gets by re-entering the password.
    expect(stopped).toMatchObject({ status: 423, message: expect.stringMatching(/locked for/) });
    expect(Number(stopped!.retryAfter)).toBeGreaterThan(0);
    expect(wrong).toBe(4);
  });

  test("a TOTP code is accepted once", async ({ page, request }) => {
    const user = await signUp(page);
    const setup = await (await page.request.post("/api/account/mfa-setup")).json();
    const code = generateSync({ secret: setup.secret });
    expect((await page.request.post("/api/account/mfa-setup/confirm", { data: { ticket: setup.ticket, code } })).status()).toBe(200);
    const next = async () =>
      (await (await request.post("/api/account/sign-in", { data: { email: user.email, password: user.password } })).json()).ticket as string;
    const fresh = generateSync({ secret: setup.secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    expect((await request.post("/api/account/mfa", { data: { ticket: await next(), code: fresh } })).status()).toBe(200);
    expect((await request.post("/api/account/mfa", { data: { ticket: await next(), code: fresh } })).status()).toBe(401);
  });

  test("the redirect after sign-in stays on the origin", async ({ page, baseURL }) => {
    const user = await signUp(page);
    expect((await page.request.post("/api/account/sign-out")).status()).toBeLessThan(400);
    await page.goto(`/signin?callbackUrl=${encodeURIComponent("/\t/evil.example")}`);
    const signIn = new SignInPage(page);
    await signIn.submit(user.email, user.password);
    await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
    for (const payload of ["/\t/evil.example", "//evil.example", "/\\evil.example", "/.//evil.example", "https://evil.example/"]) {
      const response = await page.request.post("/api/account/sign-in", { data: { email: user.email, password: user.password, callbackUrl: payload } });
      expect(response.status()).toBe(200);
      const { redirectTo } = await response.json();
      expect(new URL(redirectTo, baseURL).origin).toBe(new URL(baseURL!).origin);
    }
  });
});

test.describe("sessions end on the server", () => {
  test("a signed-out session cookie replayed gets 401", async ({ page, browser, clientProxy }) => {
    await signUp(page);
    const stolen = await page.context().cookies();
    expect((await page.request.post("/api/account/mfa-setup")).status()).toBe(200);
    expect((await page.request.post("/api/account/sign-out")).status()).toBeLessThan(400);

    const replay = await browser.newContext({ proxy: clientProxy.proxy, baseURL: test.info().project.use.baseURL });
    await replay.addCookies(stolen);
    expect((await replay.request.post("/api/account/mfa-setup")).status()).toBe(401);
    await replay.close();
  });
});
