import http from "node:http";
import crypto from "node:crypto";
import { DEMO_INSTITUTIONS, acceptTerms, adminApi, expect, expectAccessible, signUp, test, uniqueApId } from "../fixtures";
import { enrollAt } from "../enrollment/helpers";
import { freshReports, release, webService, webServiceAccount } from "../web-service/world";

const DI = DEMO_INSTITUTIONS.example.code;

/** A fresh registrar at the demo institution, terms accepted, signed in. */
async function newRegistrar(page: import("@playwright/test").Page) {
  const user = await signUp(page, { firstName: "Notify" });
  await acceptTerms(page);
  await enrollAt(page, "example");
  // Visiting the institution's dashboard activates its daily email.
  await page.goto("/dashboard");
  return user;
}

test.describe("notification settings", () => {
  test("shows the status and next email, toggles on and off, and passes axe", async ({ page }) => {
    await newRegistrar(page);
    // acceptTerms lands on the dashboard, which activates the selected institution: check the status first without it.
    await page.goto("/notifications");
    const row = page.getByTestId(`notification-row-${DI}`);
    await expect(row.getByTestId("notification-status")).toContainText("Active.");
    await expect(page.getByTestId("next-email-due")).toContainText(/(AM|PM) E[SD]T/);
    await expectAccessible(page);

    const toggle = row.getByRole("switch", { name: /Email notifications for/ });
    await expect(toggle).toHaveAttribute("aria-checked", "true");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-checked", "false");
    await expect(row.getByTestId("notification-status")).toContainText("You turned notifications off for this institution.");
    await page.reload();
    await expect(row.getByRole("switch")).toHaveAttribute("aria-checked", "false");
    await row.getByRole("switch").click();
    await expect(row.getByRole("switch")).toHaveAttribute("aria-checked", "true");
    await expect(row.getByTestId("notification-status")).toContainText("Active.");
  });

  test("explains that the dashboard has not been visited", async ({ page }) => {
    await signUp(page, { firstName: "Fresh" });
    await page.goto("/terms");
    await page.getByLabel("I have read and accept the site terms of use.").check();
    // Enrolled after the terms (and so after the dashboard visit that accepting leads to).
    await page.getByRole("button", { name: "Accept and Continue" }).click();
    await page.waitForURL("**/dashboard");
    await enrollAt(page, "example");
    await page.goto("/notifications");
    const status = page.getByTestId(`notification-row-${DI}`).getByTestId("notification-status");
    await expect(status).toContainText("You have not visited this institution's dashboard yet.");
    await page.getByRole("link", { name: "Go to My Dashboard" }).click();
    await page.waitForURL("**/dashboard");
    await page.goto("/notifications");
    await expect(status).toContainText("Active.");
  });

  test("the test-notification button writes the email to the outbox and lists it", async ({ page }) => {
    const user = await newRegistrar(page);
    await page.goto("/notifications");
    await page.getByRole("button", { name: /Send test notification for/ }).click();
    await expect(page.getByTestId("test-notification-result")).toContainText(`Test notification sent to the outbox for ${user.email}`);
    // The admin console's outbox API (newest first) shows what was written.
    const outbox = await adminApi(page.request).get("/api/admin/outbox?limit=50");
    expect(outbox.status()).toBe(200);
    const mail = ((await outbox.json()) as { rows: Array<{ to: string; subject: string; text: string }> }).rows.filter(
      (r) => r.to === user.email.toLowerCase() && r.subject.startsWith("[Test]"),
    );
    // (The account's address-confirmation email is in the outbox too.)
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe(`[Test] New AP score reports for ${DEMO_INSTITUTIONS.example.name} (DI code ${DI})`);
    expect(mail[0]!.text).toContain("time zone America/New_York");
    await expect(page.getByTestId("recent-emails")).toContainText("Test");
  });
});

test.describe("webhooks", () => {
  test("registers a receiver on 127.0.0.1, shows the secret once, delivers a signed test event", async ({ page }) => {
    const received: Array<{ signature: string; body: string }> = [];
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ signature: String(req.headers["x-ap-signature"] ?? ""), body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/ap-hook`;
    try {
      await newRegistrar(page);
      await page.goto("/notifications");
      await page.getByLabel("Webhook URL").fill("not a url");
      await page.getByRole("button", { name: "Add Webhook" }).click();
      await expect(page.getByText("Enter a full URL")).toBeVisible();

      await page.getByLabel("Webhook URL").fill(url);
      await page.getByRole("button", { name: "Add Webhook" }).click();
      const secret = (await page.getByTestId("webhook-secret-value").textContent())!.trim();
      expect(secret).toMatch(/^whsec_/);
      await expectAccessible(page);

      await page.getByRole("button", { name: `Send test event to ${url}` }).click();
      await expect(page.getByTestId("webhook-action-result")).toContainText("receiver answered HTTP 204");
      expect(received.length).toBeGreaterThanOrEqual(1);
      const { signature, body } = received[0]!;
      const parts = Object.fromEntries(signature.split(",").map((p) => p.split("=", 2) as [string, string]));
      const expected = crypto.createHmac("sha256", secret).update(`${parts.t}.${body}`).digest("hex");
      expect(parts.v1).toBe(expected);
      expect(JSON.parse(body)).toMatchObject({ type: "webhook.test", institution: { diCode: DI } });

      // A release through the admin API: the app's worker posts a signed "released" event.
      const release = await adminApi(page.request).post("/api/admin/score-reports", {
        diCode: DI,
        student: { apId: uniqueApId(), firstName: "Hook", lastName: "Testcase", dateOfBirth: "2007-01-02" },
        exams: [{ adminYear: 2026, examCode: "66", score: 5 }],
      });
      expect(release.status(), await release.text()).toBeLessThan(300);
      await expect.poll(() => received.filter((r) => r.body.includes('"score_reports.released"')).length, { timeout: 20_000 }).toBeGreaterThan(0);
      const released = received.find((r) => r.body.includes('"score_reports.released"'))!;
      const rp = Object.fromEntries(released.signature.split(",").map((p) => p.split("=", 2) as [string, string]));
      expect(rp.v1).toBe(crypto.createHmac("sha256", secret).update(`${rp.t}.${released.body}`).digest("hex"));
      expect(JSON.parse(released.body)).toMatchObject({ institution: { diCode: DI }, data: { count: 1 } });
      expect(released.body).not.toContain("Testcase");

      await page.reload();
      await expect(page.getByTestId("webhook-deliveries").first()).toContainText("Delivered");
      await expect(page.getByTestId("webhook-deliveries").first()).toContainText("score_reports.released");
      // Once shown, the secret is gone from the page.
      await expect(page.getByTestId("webhook-secret-value")).toHaveCount(0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  test("documents the signature with a verification sample", async ({ page }) => {
    await page.goto("/docs/webhooks");
    await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
    await expect(page.getByText("X-AP-Signature: t=")).toBeVisible();
    await expectAccessible(page);
  });
});

test.describe("institution activity", () => {
  test("lists a web-service download, filters, exports every field quoted, passes axe", async ({ page }) => {
    // A real download through the web service's four steps, at an institution of this test's own.
    const { user, institution } = await webServiceAccount(page);
    await release(page.request, institution.diCode, freshReports(3));
    const ws = webService(page.request);
    const token = await ws.token(user.email, user.password);
    const generated = await ws.generate(token, { diCode: institution.diCode, format: "CSV", downloadType: "full" });
    expect(generated.body, JSON.stringify(generated.body)).toMatchObject({ success: true });
    const fileName = generated.body.fileName as string;
    const file = await page.request.get(generated.body.url as string);
    expect(file.status()).toBe(200);
    const logged = await ws.logged(token, { downloadId: generated.body.downloadId, format: "CSV" });
    expect(logged.body).toMatchObject({ success: true });

    await page.goto("/activity");
    await expect(page.getByRole("heading", { name: "Institution Activity" })).toBeVisible();
    const row = page.getByTestId("activity-row").filter({ hasText: fileName });
    await expect(row).toContainText("Web service");
    await expect(row).toContainText("Full File");
    await expect(row).toContainText("3");
    await expect(row).toContainText(user.email);
    await expectAccessible(page);

    await page.getByLabel("User").selectOption({ label: `${user.firstName} ${user.lastName} (${user.email})` });
    await page.getByLabel("Type").selectOption("PDF");
    await page.getByRole("button", { name: "Apply Filters" }).click();
    await expect(page.getByText("No downloads match these filters.")).toBeVisible();
    await page.getByLabel("Type").selectOption("FULL");
    await page.getByLabel("Channel").selectOption("WEB_SERVICE");
    await page.getByRole("button", { name: "Apply Filters" }).click();
    await expect(page.getByTestId("activity-row")).toHaveCount(1);

    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const response = await page.request.get(href!);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/csv");
    const lines = (await response.text()).split("\r\n").filter(Boolean);
    expect(lines[0]).toContain('"Date and Time (America/New_York)","User","Email","Channel","Activity"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^"[^"]*"(,"[^"]*")*$/);
    expect(lines[1]).toContain(`"${user.email}","Web service","Full File","CSV","3","Yes"`);

    await page.goto("/activity?from=2026-13-01");
    await expect(page.getByTestId("filter-error")).toContainText("from");
    const bad = await page.request.get("/api/activity/export?type=ZIP");
    expect(bad.status()).toBe(400);
  });
});
