import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeUser } from "@/lib/test/factories";
import { prisma } from "@/lib/db";
import { hashPassword } from "@/lib/crypto";
import { checkPassword } from "@/lib/auth/mutations";
import { ACCOUNT_FAILURE_CAP, DEVICE_FAILURE_CAP, IP_FAILURE_LIMIT } from "@/lib/auth/rules";
import { accountFailures, issueDeviceToken } from "@/lib/auth/throttle";

useTestDatabase();

async function makeUserWithPassword(email: string, password: string) {
  return makeUser({ email, passwordHash: await hashPassword(password) });
}

describe("checkPassword", () => {
  beforeAll(async () => {
    await makeUserWithPassword("ok@example.edu", "right password 1");
  });

  it("accepts the right password case-insensitively by email and records the sign-in", async () => {
    const result = await checkPassword("  OK@Example.edu ", "right password 1", "192.0.2.1", "portal");
    expect(result.ok).toBe(true);
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "ok@example.edu" } });
    expect(user.lastSignInAt).not.toBeNull();
  });

  it("refuses a wrong password and an unknown email with the same message", async () => {
    const wrong = await checkPassword("ok@example.edu", "nope", "192.0.2.2", "portal");
    const unknown = await checkPassword("nobody@example.edu", "nope", "192.0.2.2", "portal");
    expect(wrong).toMatchObject({ ok: false, reason: "invalid" });
    expect(unknown).toMatchObject({ ok: false, reason: "invalid" });
    if (!wrong.ok && !unknown.ok) expect(wrong.message).toBe(unknown.message);
  });

  it("pauses unknown clients after five failures, refusing even the right password, and audits each failure", async () => {
    const user = await makeUserWithPassword("lock@example.edu", "right password 2");
    for (let i = 0; i < 4; i++)
      expect(await checkPassword("lock@example.edu", `bad${i}`, `192.0.2.${10 + i}`, "portal")).toMatchObject({ ok: false, reason: "invalid" });
    const fifth = await checkPassword("lock@example.edu", "bad4", "192.0.2.20", "portal");
    expect(fifth).toMatchObject({ ok: false, reason: "locked", retryAfterSeconds: 60 });
    if (!fifth.ok) expect(fifth.message).toMatch(/locked for 1 more minute/);
    const right = await checkPassword("lock@example.edu", "right password 2", "192.0.2.21", "portal");
    expect(right).toMatchObject({ ok: false, reason: "locked", retryAfterSeconds: expect.any(Number) });
    const failures = await prisma.auditEvent.count({ where: { actorUserId: user.id, action: "sign-in.failure" } });
    expect(failures).toBe(5);
    // Anonymous failures never lock the account itself: sessions and tokens keep working.
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).toBeNull();
  });

  it("judges at most 100 consecutive failures, yet the owner's known browser still signs in", async () => {
    const user = await makeUserWithPassword("hard@example.edu", "right password 3");
    const device = issueDeviceToken(user.id);
    await prisma.rateLimit.create({ data: { key: `login-account:${user.id}`, count: ACCOUNT_FAILURE_CAP - 1 } });
    // The 100th is judged (and says sign-in is paused); the 101st is not.
    expect(await checkPassword("hard@example.edu", "bad", "192.0.2.30", "portal")).toMatchObject({ ok: false, reason: "locked" });
    const refused = await checkPassword("hard@example.edu", "right password 3", "192.0.2.31", "portal");
    expect(refused).toMatchObject({ ok: false, reason: "locked" });
    if (!refused.ok) expect(refused.message).toMatch(/browser you have signed in from before/);
    expect(await accountFailures(user.id)).toBe(ACCOUNT_FAILURE_CAP);
    expect(await prisma.auditEvent.count({ where: { actorUserId: user.id, action: "sign-in.failure" } })).toBe(1);
    // No permanent lock from anonymous traffic: the account is not locked, the known browser gets in,
    // and its success reopens the path for everyone.
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).toBeNull();
    expect(await checkPassword("hard@example.edu", "right password 3", "192.0.2.32", "portal", device)).toMatchObject({ ok: true });
    expect(await checkPassword("hard@example.edu", "right password 3", "192.0.2.33", "portal")).toMatchObject({ ok: true });
  });

  it("a parallel burst of 150 wrong passwords judges at most 100, and the owner's browser still signs in", { timeout: 120_000 }, async () => {
    const user = await makeUserWithPassword("burst@example.edu", "right password 4");
    const device = issueDeviceToken(user.id);
    const results = await Promise.all(
      Array.from({ length: 150 }, (_, i) => checkPassword("burst@example.edu", `guess ${i}`, `203.0.113.${i % 250}`, "web-service")),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    const judged = await prisma.auditEvent.count({ where: { actorUserId: user.id, action: "sign-in.failure" } });
    // No further than the same guesses one after another: the 5th failure starts a pause before
    // any other is judged (attempts wait for a free in-flight slot instead).
    expect(judged).toBeGreaterThan(0);
    expect(judged).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === "locked").length).toBeGreaterThanOrEqual(150 - judged);
    expect(await checkPassword("burst@example.edu", "right password 4", "203.0.113.7", "portal", device)).toMatchObject({ ok: true });
  });

  it("parallel correct sign-ins never pause each other, even with failures behind them", { timeout: 120_000 }, async () => {
    const user = await makeUserWithPassword("parallel@example.edu", "right password 7");
    // A script and several tabs at once, from one network, no device cookie.
    const first = await Promise.all(Array.from({ length: 12 }, () => checkPassword("parallel@example.edu", "right password 7", "192.0.2.50", "web-service")));
    expect(first.map((r) => r.ok)).toEqual(Array(12).fill(true));
    // Four failures behind: one more would pause, yet correct passwords in parallel are no failures.
    for (let i = 0; i < 4; i++) await checkPassword("parallel@example.edu", `bad${i}`, "192.0.2.51", "portal");
    expect(await accountFailures(user.id)).toBe(4);
    const second = await Promise.all(Array.from({ length: 4 }, () => checkPassword("parallel@example.edu", "right password 7", "192.0.2.52", "portal")));
    expect(second.map((r) => r.ok)).toEqual(Array(4).fill(true));
    expect(await accountFailures(user.id)).toBe(0);
    expect(await prisma.auditEvent.count({ where: { actorUserId: user.id, action: "sign-in.locked" } })).toBe(0);
  });

  it("gives a known browser its own budget and stops trusting it after ten failures", { timeout: 120_000 }, async () => {
    const user = await makeUserWithPassword("device@example.edu", "right password 5");
    const device = issueDeviceToken(user.id);
    for (let i = 0; i < DEVICE_FAILURE_CAP; i++) {
      expect(await checkPassword("device@example.edu", `bad${i}`, "192.0.2.40", "portal", device)).toMatchObject({ reason: "invalid" });
    }
    // Those did not touch the account's budget for unknown clients.
    expect(await accountFailures(user.id)).toBe(0);
    // Past its budget the cookie is an unknown client like any other.
    await checkPassword("device@example.edu", "bad again", "192.0.2.40", "portal", device);
    expect(await accountFailures(user.id)).toBe(1);
    // A device token for another account is worth nothing here.
    const other = await makeUserWithPassword("other-device@example.edu", "right password 6");
    await checkPassword("device@example.edu", "bad", "192.0.2.41", "portal", issueDeviceToken(other.id));
    expect(await accountFailures(user.id)).toBe(2);
  });

  it("throttles one address that fails across many accounts", async () => {
    // The window already holds all but three failures from this address (hashing is slow).
    await prisma.rateLimit.create({ data: { key: "login-ip:198.51.100.7", count: IP_FAILURE_LIMIT - 3 } });
    for (let i = 0; i < 3; i++) expect(await checkPassword(`ghost${i}@example.edu`, "x", "198.51.100.7", "web-service")).toMatchObject({ reason: "invalid" });
    const next = await checkPassword("ok@example.edu", "right password 1", "198.51.100.7", "portal");
    expect(next).toMatchObject({ ok: false, reason: "throttled", retryAfterSeconds: expect.any(Number) });
    expect((await checkPassword("ok@example.edu", "right password 1", "198.51.100.8", "portal")).ok).toBe(true);
  });

  it("does not count successes against the address", async () => {
    await prisma.rateLimit.create({ data: { key: "login-ip:198.51.100.9", count: IP_FAILURE_LIMIT - 1 } });
    for (let i = 0; i < 3; i++) expect((await checkPassword("ok@example.edu", "right password 1", "198.51.100.9", "portal")).ok).toBe(true);
  });

  it("keeps the audit log append-only", async () => {
    await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.updateMany({ data: { action: "x" } })).rejects.toThrow(/append-only/);
  });
});
