/**
 * Verified identities against a real SMTP server: sign-up sends a one-time link, only the link
 * plus the password verifies the address, and grants to an address wait until it is verified —
 * so an account someone else registered for the address never receives them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { prisma } from "@/lib/db";
import { startSmtpSink, type SmtpSink } from "@/lib/test/smtp";
import { closeMailTransports } from "@/lib/mail/mutations";
import { verifyPassword } from "@/lib/crypto";
import { SignUpSchema } from "@/lib/accounts/schema";
import { hashVerificationToken, LINK_INVALID, resendVerification, signUp, verifyEmail, WRONG_PASSWORD, RESEND_LIMIT } from "@/lib/identity/verification";
import { resolveK12Access } from "@/lib/k12/queries";
import { authorizeDistrictUser, loadK12Data } from "@/lib/k12/mutations";
import { K12LoadSchema } from "@/lib/k12/schema";
import { startOfZonedDay } from "@/lib/dates";
import { k12DemoLoad, K12_DEMO_ACCOUNTS } from "@/prisma/seed-k12";

useTestDatabase();

const NOW = startOfZonedDay("2026-11-15");
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_HOST = "127.0.0.1";
  process.env.SMTP_PORT = String(sink.port);
  process.env.MAIL_FROM = "AP Score Reports <accounts@test.example>";
  const loaded = await loadK12Data(K12LoadSchema.parse(k12DemoLoad(NOW)), { userId: null, label: "test" }, NOW);
  if ("ok" in loaded) throw new Error(loaded.message);
});

afterAll(async () => {
  closeMailTransports();
  await sink?.close();
});

function form(email: string, password: string, firstName = "Jordan") {
  return SignUpSchema.parse({
    email,
    password,
    confirmPassword: password,
    firstName,
    lastName: "Lee",
    organizationName: "Springfield Schools",
    jobFunction: "Other",
  });
}

/** The token of the newest verification link mailed to `email`. */
function lastLinkTo(email: string): string {
  const mail = sink.received.filter((m) => m.to.includes(email) && /Confirm your email address/.test(m.subject)).at(-1);
  expect(mail, `no verification email to ${email}`).toBeDefined();
  const match = /\/verify-email\?token=([\w%-]+)/.exec(mail!.text);
  expect(match, mail!.raw).not.toBeNull();
  return decodeURIComponent(match![1]!);
}

async function account(email: string) {
  return prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true, emailVerifiedAt: true, passwordHash: true, sessionVersion: true } });
}

describe("sign-up and the verification link", () => {
  it("emails a one-time link whose token is stored only as a hash, and verifies with the password", async () => {
    await signUp(form("new.person@school.test", "first long passphrase"), "192.0.2.1");
    const user = await account("new.person@school.test");
    expect(user.emailVerifiedAt).toBeNull();
    const token = lastLinkTo("new.person@school.test");
    const rows = await prisma.emailVerification.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashVerificationToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()).toBeLessThanOrEqual(60 * 60_000 + 1_000);

    expect(await verifyEmail(token, "wrong password", "192.0.2.1")).toMatchObject({ ok: false, message: WRONG_PASSWORD });
    expect(await verifyEmail(token, "first long passphrase", "192.0.2.1")).toMatchObject({ ok: true, user: { id: user.id } });
    expect((await account("new.person@school.test")).emailVerifiedAt).not.toBeNull();
    // Single use.
    expect(await verifyEmail(token, "first long passphrase", "192.0.2.1")).toMatchObject({ ok: false, message: LINK_INVALID });
  });

  it("refuses an expired link", async () => {
    await signUp(form("late@school.test", "late long passphrase"), "192.0.2.2");
    const token = lastLinkTo("late@school.test");
    expect(await verifyEmail(token, "late long passphrase", "192.0.2.2", new Date(Date.now() + 61 * 60_000))).toMatchObject({
      ok: false,
      message: LINK_INVALID,
    });
  });

  it("answers a taken address the same way, changes nothing and tells the owner", async () => {
    const before = await account(K12_DEMO_ACCOUNTS.teacher.email);
    const count = sink.received.length;
    await signUp(form(K12_DEMO_ACCOUNTS.teacher.email, "intruder passphrase 1", "Mallory"), "192.0.2.3");
    const after = await account(K12_DEMO_ACCOUNTS.teacher.email);
    expect(after).toEqual(before);
    const sent = sink.received.slice(count);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("Someone tried to create an account with your email address");
    expect(sent[0]!.text).not.toContain("verify-email");
  });

  it("a second registration of an unverified address replaces the first: the earlier password and link stop working", async () => {
    await signUp(form("contested@school.test", "squatter passphrase 1", "Mallory"), "192.0.2.4");
    const squatterLink = lastLinkTo("contested@school.test");
    const squatter = await account("contested@school.test");
    await signUp(form("contested@school.test", "owner passphrase 22"), "192.0.2.5");
    const owner = await account("contested@school.test");
    expect(owner.sessionVersion).toBe(squatter.sessionVersion + 1);
    expect(await verifyPassword(owner.passwordHash, "squatter passphrase 1")).toBe(false);
    expect(await verifyEmail(squatterLink, "squatter passphrase 1", "192.0.2.4")).toMatchObject({ ok: false, message: LINK_INVALID });
    // The link alone is not enough: whoever opens it needs this registration's password.
    const ownerLink = lastLinkTo("contested@school.test");
    expect(await verifyEmail(ownerLink, "squatter passphrase 1", "192.0.2.4")).toMatchObject({ ok: false, message: WRONG_PASSWORD });
    expect(await verifyEmail(ownerLink, "owner passphrase 22", "192.0.2.5")).toMatchObject({ ok: true });
  });

  it("throttles resending", async () => {
    await signUp(form("resend@school.test", "resend passphrase 1"), "192.0.2.6");
    const { id } = await account("resend@school.test");
    for (let i = 0; i < RESEND_LIMIT; i++) expect(await resendVerification(id, "192.0.2.6")).toMatchObject({ ok: true });
    expect(await resendVerification(id, "192.0.2.6")).toMatchObject({ ok: false, code: "RATE_LIMITED" });
  });
});

describe("grants to an address wait for its verified owner", () => {
  async function superintendent() {
    const sup = await prisma.user.findUniqueOrThrow({ where: { email: K12_DEMO_ACCOUNTS.superintendent.email } });
    return { sup, option: (await resolveK12Access(sup.id, NOW)).options[0]! };
  }

  it("a squatter's unverified account never receives the superintendent's authorization; the verified owner does", async () => {
    await signUp(form("new.staffer@district.test", "squatter passphrase 2", "Mallory"), "198.51.100.1");
    const squatter = await account("new.staffer@district.test");
    const { sup, option } = await superintendent();
    const count = sink.received.length;
    expect(await authorizeDistrictUser(sup, option, "new.staffer@district.test", 2026)).toEqual({ ok: true, invited: true });
    expect(await prisma.membership.count({ where: { userId: squatter.id } })).toBe(0);
    expect(sink.received.slice(count).map((m) => m.subject)).toEqual([`You have been given access to AP Score Reports for ${option.name}`]);
    // The squatter cannot verify (the link goes to the owner's mailbox); the owner registers again and verifies.
    await signUp(form("new.staffer@district.test", "owner passphrase 33"), "198.51.100.2");
    expect(await prisma.membership.count({ where: { userId: squatter.id } })).toBe(0);
    const result = await verifyEmail(lastLinkTo("new.staffer@district.test"), "owner passphrase 33", "198.51.100.2");
    expect(result).toMatchObject({ ok: true, invitations: 1 });
    const options = (await resolveK12Access(squatter.id, NOW)).options;
    expect(options).toEqual([expect.objectContaining({ kind: "DISTRICT", role: "DISTRICT_ADMIN", id: option.id })]);
    expect(await prisma.invitation.findFirstOrThrow({ where: { email: "new.staffer@district.test" } })).toMatchObject({ acceptedById: squatter.id });
  });

  it("an address with no account gets an invitation that attaches after sign-up and verification", async () => {
    const { sup, option } = await superintendent();
    expect(await authorizeDistrictUser(sup, option, "nobody.yet@district.test", 2026)).toEqual({ ok: true, invited: true });
    await signUp(form("nobody.yet@district.test", "later passphrase 44"), "198.51.100.3");
    const user = await account("nobody.yet@district.test");
    expect(await prisma.membership.count({ where: { userId: user.id } })).toBe(0);
    await verifyEmail(lastLinkTo("nobody.yet@district.test"), "later passphrase 44", "198.51.100.3");
    expect(await prisma.membership.count({ where: { userId: user.id, role: "DISTRICT_ADMIN", revokedAt: null } })).toBe(1);
  });

  it("the K-12 loader replaces a squatter's password and never grants to an account left unverified", async () => {
    await signUp(form("loaded.teacher@district.test", "squatter passphrase 3", "Mallory"), "198.51.100.4");
    const squatter = await account("loaded.teacher@district.test");
    const result = await loadK12Data(
      K12LoadSchema.parse({
        users: [{ email: "loaded.teacher@district.test", password: "program-given-password-1", firstName: "Lena", lastName: "Loaded", emailVerified: false }],
        courseAuthorizations: [{ email: "loaded.teacher@district.test", orgCode: "141234", examCode: "13", schoolYear: 2026, sections: ["1"] }],
      }),
      { userId: null, label: "test" },
      NOW,
    );
    expect(result).toMatchObject({ invitations: ["loaded.teacher@district.test"] });
    const after = await account("loaded.teacher@district.test");
    expect(after.id).toBe(squatter.id);
    expect(after.sessionVersion).toBe(squatter.sessionVersion + 1);
    expect(await verifyPassword(after.passwordHash, "squatter passphrase 3")).toBe(false);
    expect(await verifyPassword(after.passwordHash, "program-given-password-1")).toBe(true);
    expect(await prisma.courseAuthorization.count({ where: { userId: squatter.id } })).toBe(0);
    // Vouched for by the program on a later load: the waiting grant attaches.
    await loadK12Data(
      K12LoadSchema.parse({ users: [{ email: "loaded.teacher@district.test", password: "program-given-password-1", firstName: "Lena", lastName: "Loaded" }] }),
      { userId: null, label: "test" },
      NOW,
    );
    expect(await prisma.courseAuthorization.count({ where: { userId: squatter.id, revokedAt: null } })).toBe(1);
  });
});
