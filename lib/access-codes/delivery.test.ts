/**
 * Access codes reach the right person, read from a real SMTP server: a college's code goes to
 * its primary contact when issued, rotated or resent; a school's yearly code is generated with
 * real entropy and goes to the principal, who can read it again (with their password) to share.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { startSmtpSink, type SmtpSink } from "@/lib/test/smtp";
import { prisma } from "@/lib/db";
import { closeMailTransports } from "@/lib/mail/mutations";
import { startOfZonedDay } from "@/lib/dates";
import type { AdminActor } from "@/lib/audit";
import { createInstitution } from "@/lib/institutions/mutations";
import { CreateInstitutionSchema } from "@/lib/institutions/schema";
import { getInstitution } from "@/lib/institutions/queries";
import { issueAccessCode, revokeAccessCode, rotateAccessCode } from "@/lib/access-codes/mutations";
import { IssueAccessCodeSchema } from "@/lib/access-codes/schema";
import { resendAccessCode } from "@/lib/access-codes/delivery";
import { accessCodeGuessBits, hashAccessCode, MIN_SCHOOL_CODE_BITS } from "@/lib/access-codes/rules";
import { loadK12Data, redeemSchoolCode, revealSchoolCodes, REVEAL_CODE_LIMIT } from "@/lib/k12/mutations";
import { K12LoadSchema } from "@/lib/k12/schema";
import { resolveK12Access } from "@/lib/k12/queries";

useTestDatabase();

const actor: AdminActor = { type: "user", userId: null, label: "admin@example.org", tokenId: null, ip: "192.0.2.9" };
const NOW = startOfZonedDay("2026-11-15");
const R = 2026;
let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_HOST = "127.0.0.1";
  process.env.SMTP_PORT = String(sink.port);
  process.env.MAIL_FROM = "AP Score Reports <codes@test.example>";
  await createInstitution(
    CreateInstitutionSchema.parse({
      diCode: "7301",
      name: "Delivery Test University",
      zip: "10023",
      contactName: "Pat Registrar",
      contactEmail: "registrar@delivery.test",
    }),
    actor,
  );
  await createInstitution(CreateInstitutionSchema.parse({ diCode: "7302", name: "No Contact College" }), actor);
});

afterAll(async () => {
  closeMailTransports();
  await sink?.close();
});

function mailsTo(email: string) {
  return sink.received.filter((m) => m.to.includes(email));
}

describe("higher-ed codes go to the institution's primary contact", () => {
  it("an issued code is emailed with the seed's instructions, and the console shows when and to whom", async () => {
    const before = mailsTo("registrar@delivery.test").length;
    const issued = await issueAccessCode("7301", IssueAccessCodeSchema.parse({}), actor);
    expect(issued.delivery).toMatchObject({ email: "registrar@delivery.test", reason: "issued", requestedBy: "admin@example.org", error: null });
    expect(issued.delivery!.sentAt).not.toBeNull();
    const mail = mailsTo("registrar@delivery.test").at(-1)!;
    expect(mailsTo("registrar@delivery.test")).toHaveLength(before + 1);
    expect(mail.subject).toContain("Delivery Test University");
    expect(mail.text).toContain(issued.code);
    expect(mail.text).toContain("Get Access");
    expect(mail.text).toContain("Use the exact institution name as shown in this email");
    expect(mail.text).toContain("Delivery Test University");
    expect(mail.text).toContain("accept the site terms of use");
    // Kept sealed for resending: the code itself is not stored readable.
    const row = await prisma.accessCode.findUniqueOrThrow({ where: { id: issued.id }, select: { codeSealed: true } });
    expect(row.codeSealed).not.toBeNull();
    expect(row.codeSealed).not.toContain(issued.code);
    const detail = await getInstitution("7301");
    const item = detail!.accessCodes.find((c) => c.id === issued.id)!;
    expect(item.resendable).toBe(true);
    expect(item.deliveries).toEqual([expect.objectContaining({ email: "registrar@delivery.test", reason: "issued", error: null })]);
  });

  it("a rotated code is emailed; the old code is not in the email", async () => {
    const old = await issueAccessCode("7301", IssueAccessCodeSchema.parse({}), actor);
    const rotated = await rotateAccessCode("7301", old.id, {}, actor);
    expect(rotated.delivery).toMatchObject({ email: "registrar@delivery.test", reason: "rotated" });
    const mail = mailsTo("registrar@delivery.test").at(-1)!;
    expect(mail.text).toContain(rotated.code);
    expect(mail.text).not.toContain(old.code);
  });

  it("resending emails the same code again to the current contact and is audited", async () => {
    const issued = await issueAccessCode("7301", IssueAccessCodeSchema.parse({}), actor);
    await prisma.organization.update({ where: { kind_code: { kind: "COLLEGE", code: "7301" } }, data: { contactEmail: "new.contact@delivery.test" } });
    const resent = await resendAccessCode("7301", issued.id, actor);
    expect(resent).toMatchObject({ ok: true, delivery: { email: "new.contact@delivery.test", reason: "resent" } });
    expect(mailsTo("new.contact@delivery.test").at(-1)!.text).toContain(issued.code);
    expect(await prisma.auditEvent.count({ where: { action: "admin.access-code.sent", details: { path: ["accessCodeId"], equals: issued.id } } })).toBe(1);
    const item = (await getInstitution("7301"))!.accessCodes.find((c) => c.id === issued.id)!;
    expect(item.deliveries.map((d) => [d.reason, d.email])).toEqual([
      ["resent", "new.contact@delivery.test"],
      ["issued", "registrar@delivery.test"],
    ]);
  });

  it("a failed send is recorded with the mail server's reason and answered 503", async () => {
    const issued = await issueAccessCode("7301", IssueAccessCodeSchema.parse({}), actor);
    sink.refuseRecipients = { code: 550, message: "mailbox unavailable" };
    try {
      const result = await resendAccessCode("7301", issued.id, actor);
      expect(result).toMatchObject({ ok: false, code: "UNAVAILABLE", message: expect.stringContaining("550") });
    } finally {
      sink.refuseRecipients = null;
    }
    const latest = (await getInstitution("7301"))!.accessCodes.find((c) => c.id === issued.id)!.deliveries[0]!;
    expect(latest).toMatchObject({ reason: "resent", sentAt: null, error: expect.stringContaining("550") });
  });

  it("refuses to resend a revoked code, a code from before sealing, another institution's code, or without a contact (409/404)", async () => {
    const revoked = await issueAccessCode("7301", IssueAccessCodeSchema.parse({}), actor);
    await revokeAccessCode("7301", revoked.id, actor);
    expect(await resendAccessCode("7301", revoked.id, actor)).toMatchObject({ ok: false, code: "CONFLICT" });

    const legacy = await issueAccessCode("7301", IssueAccessCodeSchema.parse({}), actor);
    await prisma.accessCode.update({ where: { id: legacy.id }, data: { codeSealed: null } });
    expect(await resendAccessCode("7301", legacy.id, actor)).toMatchObject({ ok: false, code: "CONFLICT", message: expect.stringMatching(/Rotate it/) });

    expect(await resendAccessCode("7302", legacy.id, actor)).toMatchObject({ ok: false, code: "NOT_FOUND" });

    const noContact = await issueAccessCode("7302", IssueAccessCodeSchema.parse({}), actor);
    expect(noContact.delivery).toBeNull();
    expect(await resendAccessCode("7302", noContact.id, actor)).toMatchObject({ ok: false, code: "CONFLICT", field: "contactEmail" });
  });
});

describe("K-12 school codes", () => {
  const load = async (input: unknown) => loadK12Data(K12LoadSchema.parse(input), { userId: null, label: "program loader" }, NOW);
  const person = (email: string) => ({ email, password: "Long-Test-Password-1", firstName: email.split("@")[0]!, lastName: "Test" });
  const school = { code: "320001", name: "Delivery High", state: "IL", districtCode: "DLVR" };

  beforeAll(async () => {
    const result = await load({
      districts: [{ code: "DLVR", name: "Delivery District", state: "IL" }],
      schools: [school],
      users: [person("dl-principal@k12.test"), person("dl-staff@k12.test"), person("dl-coordinator@k12.test")],
      schoolAdmins: [
        { email: "dl-principal@k12.test", schoolCode: school.code, position: "Principal" },
        { email: "dl-coordinator@k12.test", schoolCode: school.code, position: "AP Coordinator" },
      ],
    });
    expect("ok" in result).toBe(false);
  });

  it("guessable codes cost no guessing; generated ones more than the rule asks", () => {
    expect(accessCodeGuessBits("SPFD-141234-2026", ["SPFD", "141234"])).toBe(0);
    expect(accessCodeGuessBits("ABCDEFGHJKLMNPQR")).toBeLessThan(MIN_SCHOOL_CODE_BITS);
    expect(accessCodeGuessBits("AAAAAAAAAAAAAAAAAAAA")).toBeLessThan(MIN_SCHOOL_CODE_BITS);
    expect(accessCodeGuessBits("QX7M-K4RT-ZP9W-C3HV")).toBeGreaterThanOrEqual(MIN_SCHOOL_CODE_BITS);
  });

  it("the loader refuses a code built from the district, school and year, and stores nothing", async () => {
    const weak = `DLVR-${school.code}-${R}`;
    const result = await load({ accessCodes: [{ schoolCode: school.code, code: weak, adminYear: R }] });
    expect(result).toMatchObject({ ok: false, code: "BAD_REQUEST", field: "accessCodes", message: expect.stringMatching(/too easy to guess/) });
    expect(await prisma.accessCode.count({ where: { codeHash: hashAccessCode(weak) } })).toBe(0);
  });

  it("generates the year's code, emails it to the principal only, and keeps it when loaded again", async () => {
    const before = sink.received.length;
    const first = await load({ accessCodes: [{ schoolCode: school.code, adminYear: R }] });
    if ("ok" in first) throw new Error(first.message);
    const loaded = first.accessCodes[0]!;
    expect(loaded.code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(accessCodeGuessBits(loaded.code!, [school.code, "DLVR"])).toBeGreaterThanOrEqual(MIN_SCHOOL_CODE_BITS);
    expect(loaded.emailedTo).toEqual(["dl-principal@k12.test"]);
    const sent = sink.received.slice(before);
    expect(sent.map((m) => m.to)).toEqual([["dl-principal@k12.test"]]);
    expect(sent[0]!.text).toContain(loaded.code);
    expect(sent[0]!.text).toContain("with up to 5 staff members");
    expect(sent[0]!.text).toContain("Delivery High (AI code 320001)");

    const again = await load({ accessCodes: [{ schoolCode: school.code, adminYear: R }] });
    if ("ok" in again) throw new Error(again.message);
    expect(again.accessCodes[0]).toMatchObject({ hint: loaded.hint, code: null, emailedTo: [] });
    expect(sink.received.length).toBe(before + 1);
    const school320 = await prisma.organization.findUniqueOrThrow({ where: { kind_code: { kind: "SCHOOL", code: school.code } }, select: { id: true } });
    expect(await prisma.accessCode.count({ where: { organizationId: school320.id, revokedAt: null } })).toBe(1);

    // The generated code works for staff.
    const staff = await prisma.user.findUniqueOrThrow({ where: { email: "dl-staff@k12.test" }, select: { id: true } });
    expect(await redeemSchoolCode(staff.id, loaded.code!, "Department Chair", null, NOW)).toMatchObject({ ok: true });
  });

  it("the principal reads the full code with their password and sees who holds the seats; no one else may", async () => {
    const id = async (email: string) => (await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
    const principalId = await id("dl-principal@k12.test");
    const principal = (await resolveK12Access(principalId, NOW)).options.find((o) => o.code === school.code)!;
    const coordinatorId = await id("dl-coordinator@k12.test");
    const coordinator = (await resolveK12Access(coordinatorId, NOW)).options.find((o) => o.code === school.code)!;

    expect(await revealSchoolCodes({ id: coordinatorId }, coordinator, "Long-Test-Password-1", "192.0.2.5", NOW)).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await revealSchoolCodes({ id: principalId }, principal, "not my password", "192.0.2.5", NOW)).toMatchObject({
      ok: false,
      code: "BAD_REQUEST",
      field: "password",
    });

    const revealed = await revealSchoolCodes({ id: principalId }, principal, "Long-Test-Password-1", "192.0.2.5", NOW);
    if (!revealed.ok) throw new Error(revealed.message);
    const emailed = sink.received.filter((m) => m.to.includes("dl-principal@k12.test")).at(-1)!;
    expect(revealed.codes).toHaveLength(1);
    expect(emailed.text).toContain(revealed.codes[0]!.code!);
    expect(revealed.codes[0]).toMatchObject({ used: 1, max: 5, redeemedBy: [{ email: "dl-staff@k12.test", position: "Department Chair" }] });
    expect(await prisma.auditEvent.count({ where: { action: "k12.access-code-revealed", actorUserId: principalId } })).toBe(1);

    // Password guessing is throttled per account.
    for (let i = 2; i < REVEAL_CODE_LIMIT.limit; i++) await revealSchoolCodes({ id: principalId }, principal, "still not it", "192.0.2.5", NOW);
    expect(await revealSchoolCodes({ id: principalId }, principal, "Long-Test-Password-1", "192.0.2.5", NOW)).toMatchObject({
      ok: false,
      code: "RATE_LIMITED",
    });
  });
});
