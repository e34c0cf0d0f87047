import { describe, expect, it } from "vitest";
import { checkWebhookUrl, checkWebhookUrlShape, isPrivateAddress, signatureHeader, verifySignature } from "@/lib/webhooks/rules";

describe("webhook URLs", () => {
  it("knows private, loopback and reserved addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:10.0.0.1",
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("in production accepts only https to public hosts", async () => {
    expect(checkWebhookUrlShape("https://sis.example.edu/hooks", "production").ok).toBe(true);
    const refusals: Array<[string, RegExp]> = [
      ["http://sis.example.edu/hooks", /must start with https/],
      ["https://127.0.0.1/hook", /public address/],
      ["https://[::1]/hook", /public address/],
      ["https://10.0.0.5/hook", /public address/],
      ["https://169.254.169.254/latest/meta-data", /public address/],
      ["https://localhost/hook", /local or internal name/],
      ["https://user:pw@sis.example.edu/", /no user name or password/],
      ["ftp://sis.example.edu/", /https/],
      ["not a url", /full URL/],
      ["", /Enter the URL/],
    ];
    for (const [url, message] of refusals) {
      const result = checkWebhookUrlShape(url, "production");
      expect(result.ok, url).toBe(false);
      if (!result.ok) expect(result.message, url).toMatch(message);
    }
    // A name that resolves to loopback is refused too (DNS is checked, not just the text).
    const viaDns = await checkWebhookUrl("https://localhost.localdomain./hook", "production");
    expect(viaDns.ok).toBe(false);
  });

  it("outside production allows http and loopback receivers", () => {
    expect(checkWebhookUrlShape("http://127.0.0.1:4000/hook", "development").ok).toBe(true);
    expect(checkWebhookUrlShape("ftp://127.0.0.1/", "development").ok).toBe(false);
  });
});

describe("webhook signatures", () => {
  const secret = "whsec_test";
  const body = '{"id":"1","type":"score_reports.released"}';

  it("verifies a signature made with the secret, within the time tolerance", () => {
    const header = signatureHeader(secret, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature(secret, header, body, 1_800_000_100)).toEqual({ ok: true, timestamp: 1_800_000_000 });
  });

  it("rejects a changed body, another secret, an old timestamp or a missing header", () => {
    const header = signatureHeader(secret, body, 1_800_000_000);
    expect(verifySignature(secret, header, body.replace("1", "2"), 1_800_000_000)).toMatchObject({ ok: false, reason: "signature mismatch" });
    expect(verifySignature("whsec_other", header, body, 1_800_000_000)).toMatchObject({ ok: false });
    expect(verifySignature(secret, header, body, 1_800_000_000 + 301)).toMatchObject({ ok: false, reason: "timestamp outside tolerance" });
    expect(verifySignature(secret, null, body)).toMatchObject({ ok: false });
  });
});
