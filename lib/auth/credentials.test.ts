import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeUser } from "@/lib/test/factories";
import { prisma } from "@/lib/db";
import { hashPassword } from "@/lib/crypto";
import { checkPassword } from "@/lib/auth/mutations";
import { HARD_LOCK_FAILURES } from "@/lib/auth/rules";

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

  it("locks after five failures, refuses even the right password, and audits each failure", async () => {
    const user = await makeUserWithPassword("lock@example.edu", "right password 2");
    for (let i = 0; i < 4; i++) expect((await checkPassword("lock@example.edu", `bad${i}`, `192.0.2.${10 + i}`, "portal")).ok).toBe(false);
    const fifth = await checkPassword("lock@example.edu", "bad5", "192.0.2.20", "portal");
    expect(fifth).toMatchObject({ ok: false, reason: "locked" });
    const right = await checkPassword("lock@example.edu", "right password 2", "192.0.2.21", "portal");
    expect(right).toMatchObject({ ok: false, reason: "locked" });
    const failures = await prisma.auditEvent.count({ where: { actorUserId: user.id, action: "sign-in.failure" } });
    expect(failures).toBe(5);
  });

  it("never allows more than 100 consecutive failures on one account", async () => {
    const user = await makeUserWithPassword("hard@example.edu", "right password 3");
    await prisma.user.update({ where: { id: user.id }, data: { failedLogins: HARD_LOCK_FAILURES - 1 } });
    const result = await checkPassword("hard@example.edu", "bad", "192.0.2.30", "portal");
    expect(result).toMatchObject({ ok: false, reason: "locked" });
    if (!result.ok) expect(result.message).toMatch(/administrator/);
    // Time passing does not help: the lock is until an administrator clears it.
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil!.getUTCFullYear()).toBe(9999);
  });

  it("throttles one address that fails across many accounts", async () => {
    for (let i = 0; i < 30; i++) await checkPassword(`ghost${i}@example.edu`, "x", "198.51.100.7", "web-service");
    const next = await checkPassword("ok@example.edu", "right password 1", "198.51.100.7", "portal");
    expect(next).toMatchObject({ ok: false, reason: "locked" });
    expect((await checkPassword("ok@example.edu", "right password 1", "198.51.100.8", "portal")).ok).toBe(true);
    // 31 slow password hashes in a row: seconds on a quiet machine, far more on a loaded one.
  }, 120_000);

  it("keeps the audit log append-only", async () => {
    await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.updateMany({ data: { action: "x" } })).rejects.toThrow(/append-only/);
  });
});
