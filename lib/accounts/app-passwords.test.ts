import { generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeUser } from "@/lib/test/factories";
import { prisma } from "@/lib/db";
import { hashPassword, newTotpSecret, sealTotpSecret } from "@/lib/crypto";
import { PASSWORD_CHECK_LIMIT, changePassword, createAppPassword, replaceRecoveryCodes } from "@/lib/accounts/mutations";
import { accountFailures } from "@/lib/auth/throttle";
import { checkPassword } from "@/lib/auth/mutations";

useTestDatabase();

const PASSWORD = "the current password 1";
let counter = 0;

async function account(options: { mfa?: boolean } = {}) {
  counter++;
  const secret = newTotpSecret();
  const user = await makeUser({
    email: `apppw${counter}@example.edu`,
    passwordHash: await hashPassword(PASSWORD),
    ...(options.mfa ? { mfaEnabled: true, mfaSecret: sealTotpSecret(secret) } : {}),
  });
  return { ...user, secret };
}

const activeAppPasswords = (userId: string) => prisma.appPassword.count({ where: { userId, revokedAt: null } });

describe("creating an app password", () => {
  it("asks for the current password again", async () => {
    const user = await account();
    expect(await createAppPassword(user.id, "Nightly", null, { currentPassword: "not it" })).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
      field: "currentPassword",
    });
    expect(await activeAppPasswords(user.id)).toBe(0);
    expect(await createAppPassword(user.id, "Nightly", null, { currentPassword: PASSWORD })).toMatchObject({ ok: true });
  });

  it("with MFA on, also asks for a code: each authenticator time step once, or an unused recovery code", async () => {
    const user = await account({ mfa: true });
    expect(await createAppPassword(user.id, "A", null, { currentPassword: PASSWORD })).toMatchObject({ ok: false, field: "code" });
    expect(await createAppPassword(user.id, "A", null, { currentPassword: PASSWORD, code: "000000" })).toMatchObject({ ok: false, field: "code" });
    const code = generateSync({ secret: user.secret });
    expect(await createAppPassword(user.id, "A", null, { currentPassword: PASSWORD, code })).toMatchObject({ ok: true });
    // The same code again (seen over a shoulder) is refused.
    expect(await createAppPassword(user.id, "B", null, { currentPassword: PASSWORD, code })).toMatchObject({ ok: false, field: "code" });
    const [recovery] = await replaceRecoveryCodes(user.id);
    expect(await createAppPassword(user.id, "B", null, { currentPassword: PASSWORD, code: recovery })).toMatchObject({ ok: true });
    expect(await createAppPassword(user.id, "C", null, { currentPassword: PASSWORD, code: recovery })).toMatchObject({ ok: false, field: "code" });
    expect(await activeAppPasswords(user.id)).toBe(2);
  });

  it("limits guesses of the current password per account", { timeout: 120_000 }, async () => {
    const user = await account();
    await prisma.rateLimit.create({ data: { key: `password-check:${user.id}`, count: PASSWORD_CHECK_LIMIT } });
    const refused = await createAppPassword(user.id, "Nightly", null, { currentPassword: PASSWORD });
    expect(refused).toMatchObject({ ok: false, code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
  });
});

describe("changing the password", () => {
  it("revokes app passwords unless the user keeps them, and ends other sessions", async () => {
    const user = await account();
    await createAppPassword(user.id, "Nightly", null, { currentPassword: PASSWORD });
    const changed = await changePassword(user.id, PASSWORD, "a brand new password 2", "192.0.2.1");
    expect(changed).toMatchObject({ ok: true, revokedAppPasswords: 1, sessionVersion: user.sessionVersion + 1 });
    expect(await activeAppPasswords(user.id)).toBe(0);

    await createAppPassword(user.id, "Kept", null, { currentPassword: "a brand new password 2" });
    expect(await changePassword(user.id, "a brand new password 2", "a third new password 3", "192.0.2.1", { keepAppPasswords: true })).toMatchObject({
      ok: true,
      revokedAppPasswords: 0,
    });
    expect(await activeAppPasswords(user.id)).toBe(1);
  });

  it("throttles the current-password check, and reopens sign-in paused by strangers' failures", { timeout: 120_000 }, async () => {
    const user = await account();
    for (let i = 0; i < 5; i++) await checkPassword(user.email, `wrong ${i}`, `198.51.100.${i + 1}`, "portal");
    expect(await checkPassword(user.email, PASSWORD, "198.51.100.9", "portal")).toMatchObject({ ok: false, reason: "locked" });

    await prisma.rateLimit.create({ data: { key: `password-check:${user.id}`, count: PASSWORD_CHECK_LIMIT - 1 } });
    expect(await changePassword(user.id, "not it", "a brand new password 4", "192.0.2.1")).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    expect(await changePassword(user.id, PASSWORD, "a brand new password 4", "192.0.2.1")).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    await prisma.rateLimit.delete({ where: { key: `password-check:${user.id}` } });

    expect(await changePassword(user.id, PASSWORD, "a brand new password 4", "192.0.2.1")).toMatchObject({ ok: true });
    expect(await accountFailures(user.id)).toBe(0);
    expect(await checkPassword(user.email, "a brand new password 4", "198.51.100.9", "portal")).toMatchObject({ ok: true });
  });
});
