/**
 * K-12 writes: access codes, class sections, the principal's restriction, removing staff
 * access, and the program administrators' loader (also the seed's and tests' factory).
 * Expected refusals are returned as values (Refusal, lib/errors.ts).
 */
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { audit } from "@/lib/audit";
import { logger } from "@/lib/logger";
import { sendEmail } from "@/lib/mail/mutations";
import { accessCodeGuessBits, accessCodeHint, generateAccessCode, hashAccessCode, MIN_SCHOOL_CODE_BITS } from "@/lib/access-codes/rules";
import { deliverAccessCode, schoolCodeEmail } from "@/lib/access-codes/delivery";
import { decryptSecret, encryptSecret, hashPassword, verifyPassword } from "@/lib/crypto";
import { throttle } from "@/lib/rate-limit";
import { K12_TERMS_VERSION } from "@/lib/accounts/constants";
import { emptyProfile } from "@/lib/reports/record";
import { districtWindow, schoolCodeExpiry, schoolYearLabel, subjectName, type K12Option } from "@/lib/k12/rules";
import { attachInvitations, grantOrInvite, type Grant } from "@/lib/identity/invitations";
import { portalBaseUrl } from "@/lib/env";
import { accessCodeUsage, filtersForAudit, schoolPrincipals, type RosterFilters, type SchoolCodeUsage } from "@/lib/k12/queries";
import { MAX_SCHOOL_CODE_REDEMPTIONS, type K12LoadInput } from "@/lib/k12/schema";
import { AppError, fieldRefusal, refusal, type Refusal, type Result } from "@/lib/errors";
import { allows } from "@/lib/permissions";
import { throttleCodeAttempts } from "@/lib/access-codes/mutations";

type Tx = Prisma.TransactionClient;

// ───────────────────────────── school access code ─────────────────────────────

export type RedeemResult = Result<{ organizationId: string; schoolName: string }>;

/** "Enter a school access code": the access-code throttle, then the redemption. */
export async function enrollWithSchoolCode(userId: string, code: string, position: string, ip: string): Promise<RedeemResult> {
  const throttled = await throttleCodeAttempts("K12_SCHOOL", userId, ip);
  if (throttled) return throttled;
  return redeemSchoolCode(userId, code, position, ip);
}

/**
 * Redeems a school's yearly access code for school administrator access. The code row is
 * locked while its redemptions are counted, so two staff redeeming at once cannot both
 * become the sixth.
 */
export async function redeemSchoolCode(userId: string, code: string, position: string, ip: string | null, now = new Date()): Promise<RedeemResult> {
  const hash = hashAccessCode(code);
  const result = await prisma.$transaction(async (tx): Promise<RedeemResult> => {
    const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM access_code WHERE code_hash = ${hash} AND purpose = 'K12_SCHOOL' FOR UPDATE`;
    const id = rows[0]?.id;
    if (!id) return fieldRefusal("BAD_REQUEST", "code", "This access code is not valid. Check the code your principal gave you and try again.");
    const accessCode = await tx.accessCode.findUniqueOrThrow({
      where: { id },
      select: { id: true, organizationId: true, maxRedemptions: true, expiresAt: true, revokedAt: true, organization: { select: { name: true, kind: true } } },
    });
    if (accessCode.revokedAt || (accessCode.expiresAt && accessCode.expiresAt <= now)) {
      return fieldRefusal(
        "BAD_REQUEST",
        "code",
        "This access code has expired. Access codes are issued each year; ask your principal for this year's school access code.",
      );
    }
    const existing = await tx.membership.findUnique({
      where: { userId_organizationId_role: { userId, organizationId: accessCode.organizationId, role: "SCHOOL_ADMIN" } },
      select: { id: true, revokedAt: true, revokedById: true, expiresAt: true, accessCodeId: true },
    });
    const active = existing && !existing.revokedAt && (!existing.expiresAt || existing.expiresAt > now);
    // Removed by the principal (or superintendent): this code stays closed to the account until they allow it again.
    if (existing?.revokedAt && existing.revokedById && existing.accessCodeId === accessCode.id) {
      return fieldRefusal(
        "FORBIDDEN",
        "code",
        `Your access to ${accessCode.organization.name} was removed by your school. Ask your principal to restore it before you use this code again.`,
      );
    }
    if (active) return fieldRefusal("CONFLICT", "code", `You already have school administrator access to ${accessCode.organization.name}.`);
    const max = accessCode.maxRedemptions ?? MAX_SCHOOL_CODE_REDEMPTIONS;
    const used = await tx.membership.count({ where: { accessCodeId: accessCode.id, revokedAt: null } });
    if (used >= max) {
      return fieldRefusal(
        "CONFLICT",
        "code",
        `This school access code has already been shared with ${max} staff members, the most a principal may share it with. Ask your principal to remove access for a staff member who no longer needs it.`,
      );
    }
    const data = {
      position,
      accessCodeId: accessCode.id,
      expiresAt: accessCode.expiresAt,
      k12Source: "ACCESS_CODE" as const,
      revokedAt: null,
      revokedById: null,
      validFrom: null,
    };
    if (existing) await tx.membership.update({ where: { id: existing.id }, data });
    else await tx.membership.create({ data: { ...data, userId, organizationId: accessCode.organizationId, role: "SCHOOL_ADMIN" } });
    await audit(
      {
        actorType: "user",
        actorUserId: userId,
        action: "access-code.redeemed",
        organizationId: accessCode.organizationId,
        ip,
        details: { portal: "k12", hint: accessCodeHint(code), redemptions: used + 1, max },
      },
      tx,
    );
    return { ok: true, organizationId: accessCode.organizationId, schoolName: accessCode.organization.name };
  });
  if (!result.ok) {
    await audit({ actorType: "user", actorUserId: userId, action: "access-code.rejected", ip, details: { portal: "k12", reason: result.message } });
  }
  return result;
}

/** Password attempts to read the school code, per account (the password is asked again to guard an unattended session). */
export const REVEAL_CODE_LIMIT = {
  name: "k12-code-reveal",
  limit: 5,
  windowSeconds: 15 * 60,
  message: "Too many password attempts. Wait 15 minutes and try again.",
} as const;

export type RevealedSchoolCode = SchoolCodeUsage & { code: string | null };

/**
 * The principal's Manage Access page shows the school's code in full after the principal
 * re-enters their password, so that they can share it with up to five staff (seed 002). Only
 * the principal may read it; each reading is audited.
 */
export async function revealSchoolCodes(
  user: { id: string },
  option: K12Option,
  password: string,
  ip: string,
  now = new Date(),
): Promise<Result<{ codes: RevealedSchoolCode[] }>> {
  if (!allows(option, "k12:school-code")) return refusal("FORBIDDEN", "Only the school's principal may see the school access code.");
  const limited = await throttle(REVEAL_CODE_LIMIT, user.id);
  if (limited) return limited;
  const account = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(account.passwordHash, password))) return fieldRefusal("BAD_REQUEST", "password", "The password is incorrect.");
  const usage = await accessCodeUsage(option.id, now);
  const sealed = await prisma.accessCode.findMany({ where: { id: { in: usage.map((u) => u.id) } }, select: { id: true, codeSealed: true } });
  const byId = new Map(sealed.map((s) => [s.id, s.codeSealed]));
  const codes = usage.map((u) => {
    const value = byId.get(u.id);
    return { ...u, code: value ? decryptSecret(value) : null };
  });
  await audit({
    actorType: "user",
    actorUserId: user.id,
    action: "k12.access-code-revealed",
    organizationId: option.id,
    ip,
    details: { hints: codes.map((c) => c.hint) },
  });
  return { ok: true, codes };
}

// ───────────────────────────── audited views ─────────────────────────────

/** Student-level results shown on the roster page are audited like a download of them. */
export async function recordRosterView(
  viewer: { id: string; email: string },
  option: K12Option,
  filters: RosterFilters,
  recordCount: number,
  ip: string,
): Promise<void> {
  await audit({
    actorType: "user",
    actorUserId: viewer.id,
    actorLabel: viewer.email,
    action: "k12.view",
    organizationId: option.id,
    recordCount,
    ip,
    details: { report: "roster", filters: filtersForAudit(filters) },
  });
}

// ───────────────────────────── teachers' class sections ─────────────────────────────

export type SectionsResult = Result<{ changed: boolean; notified: number }>;

/**
 * A teacher selects their class sections for one of their authorized courses. The school's
 * administrators are emailed when a teacher first selects or later changes them (the
 * sections decide which students' results the teacher sees).
 */
export async function selectSections(
  teacher: { id: string; firstName: string; lastName: string; email: string },
  option: K12Option,
  authorizationId: string,
  sections: string[],
  now = new Date(),
): Promise<SectionsResult> {
  const authorization = option.authorizations.find((a) => a.id === authorizationId);
  if (option.role !== "K12_TEACHER" || !authorization) {
    return fieldRefusal("NOT_FOUND", "authorizationId", "You are not authorized to teach this course at this school.");
  }
  const sorted = [...sections].sort();
  const before = [...authorization.sections].sort();
  const changed = authorization.sectionsSelectedAt === null || sorted.join(",") !== before.join(",");
  if (!changed) return { ok: true, changed: false, notified: 0 };
  const school = option.schools[0]!;
  const first = authorization.sectionsSelectedAt === null;
  const committed = await prisma.$transaction(async (tx) => {
    // Ownership in the where: the authorization must still be this teacher's, at this school.
    const updated = await tx.courseAuthorization.updateMany({
      where: { id: authorizationId, userId: teacher.id, organizationId: school.id, revokedAt: null },
      data: { sections: sorted, sectionsSelectedAt: now },
    });
    if (updated.count !== 1) return null;
    const admins = await tx.membership.findMany({
      where: { organizationId: school.id, role: "SCHOOL_ADMIN", revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      select: { user: { select: { email: true, firstName: true } } },
    });
    await audit(
      {
        actorType: "user",
        actorUserId: teacher.id,
        action: "k12.sections-selected",
        organizationId: school.id,
        details: { examCode: authorization.examCode, schoolYear: authorization.schoolYear, before, after: sorted, administrators: admins.length },
      },
      tx,
    );
    return admins;
  });
  if (!committed) return fieldRefusal("NOT_FOUND", "authorizationId", "You are not authorized to teach this course at this school.");

  // Emails go out after the change is committed; a mail failure is logged, never undoes the choice.
  const subject = subjectName(authorization.examCode);
  const verb = first ? "selected" : "changed";
  let notified = 0;
  for (const admin of committed) {
    try {
      await sendEmail({
        to: admin.user.email,
        subject: `AP Score Reports for K-12 Educators: ${teacher.firstName} ${teacher.lastName} ${verb} class sections for ${subject}`,
        text: [
          `Dear ${admin.user.firstName},`,
          "",
          `${teacher.firstName} ${teacher.lastName} (${teacher.email}), an AP teacher at ${school.name} (AI code ${school.code}), ${verb} their class sections for ${subject}, ${schoolYearLabel(authorization.schoolYear)} school year.`,
          "",
          `Sections before: ${first ? "none selected" : before.join(", ") || "none"}`,
          `Sections now: ${sorted.length ? sorted.join(", ") : "none"}`,
          "",
          "The teacher can see the score reports of students in these sections. If this is not right, remove the teacher's access on the Manage Access page of AP Score Reports for K-12 Educators.",
        ].join("\n"),
      });
      notified++;
    } catch (error) {
      logger.error({ err: error, school: school.code }, "k12 section-change email not sent");
    }
  }
  return { ok: true, changed: true, notified };
}

// ───────────────────────────── principal's settings and staff ─────────────────────────────

/**
 * Lets a staff member whose access was removed redeem the school's code again (the removal
 * closed the code to them). Whoever may remove their access may restore it.
 */
export async function restoreStaffAccess(actorId: string, option: K12Option, targetUserId: string, schoolId: string | undefined): Promise<Result> {
  if (!allows(option, "k12:remove-staff"))
    return refusal("FORBIDDEN", "Only principals and superintendents or district administrators may restore staff access.");
  const orgIds = schoolId ? option.schools.filter((s) => s.id === schoolId).map((s) => s.id) : option.schools.map((s) => s.id);
  if (!orgIds.length) return fieldRefusal("NOT_FOUND", "schoolId", "That school is not part of your organization.");
  const restored = await prisma.$transaction(async (tx) => {
    const { count } = await tx.membership.updateMany({
      where: {
        userId: targetUserId,
        organizationId: { in: orgIds },
        role: "SCHOOL_ADMIN",
        k12Source: "ACCESS_CODE",
        revokedAt: { not: null },
        revokedById: { not: null },
      },
      data: { revokedById: null },
    });
    if (count)
      await audit(
        { actorType: "user", actorUserId: actorId, action: "k12.access-restored", organizationId: option.id, targetUserId, details: { schools: orgIds } },
        tx,
      );
    return count;
  });
  if (!restored) return fieldRefusal("NOT_FOUND", "userId", "That staff member has no removed access here to restore.");
  return { ok: true };
}

export async function setTeachersRestricted(actorId: string, option: K12Option, teachersRestricted: boolean): Promise<Result> {
  if (!allows(option, "k12:restrict-teachers"))
    return refusal("FORBIDDEN", "Only the school's principal may restrict teachers from individual students' results.");
  const schoolId = option.id;
  await prisma.$transaction(async (tx) => {
    await tx.k12SchoolSetting.upsert({
      where: { organizationId: schoolId },
      create: { organizationId: schoolId, teachersRestricted, updatedById: actorId },
      update: { teachersRestricted, updatedById: actorId },
    });
    await audit({ actorType: "user", actorUserId: actorId, action: "k12.teachers-restricted", organizationId: schoolId, details: { teachersRestricted } }, tx);
  });
  return { ok: true };
}

/**
 * Removes a staff member's access: principals at their school, district administrators
 * (superintendents) at any school of their district and at the district. School administrator
 * and district memberships are marked removed; a teacher's course authorizations at the
 * school are revoked. The removal frees a slot of the school's access code.
 */
export async function removeStaffAccess(
  actorId: string,
  option: K12Option,
  targetUserId: string,
  schoolId: string | undefined,
  now = new Date(),
): Promise<Result<{ removed: number }>> {
  if (targetUserId === actorId) return fieldRefusal("BAD_REQUEST", "userId", "You cannot remove your own access.");
  if (!allows(option, "k12:remove-staff"))
    return refusal("FORBIDDEN", "Only principals and superintendents or district administrators may remove staff access.");
  const orgIds = schoolId ? option.schools.filter((s) => s.id === schoolId).map((s) => s.id) : option.schools.map((s) => s.id);
  if (!orgIds.length) return fieldRefusal("NOT_FOUND", "schoolId", "That school is not part of your organization.");
  // District administrators also manage the district's own list.
  const membershipOrgs = option.kind === "DISTRICT" && !schoolId ? [...orgIds, option.id] : orgIds;
  // District administrators and principals answer to the superintendent (program administrators use their own tools).
  const senior = await prisma.membership.count({
    where: {
      userId: targetUserId,
      organizationId: { in: membershipOrgs },
      revokedAt: null,
      OR: [{ role: "DISTRICT_ADMIN" }, { role: "SCHOOL_ADMIN", position: "Principal" }],
    },
  });
  if (senior && !allows(option, "k12:remove-senior-staff")) {
    return refusal("FORBIDDEN", "Only the district superintendent (or a program administrator) may remove a district administrator or a principal.");
  }
  const removed = await prisma.$transaction(async (tx) => {
    const memberships = await tx.membership.updateMany({
      where: { userId: targetUserId, organizationId: { in: membershipOrgs }, role: { in: ["SCHOOL_ADMIN", "DISTRICT_ADMIN"] }, revokedAt: null },
      data: { revokedAt: now, revokedById: actorId },
    });
    const authorizations = await tx.courseAuthorization.updateMany({
      where: { userId: targetUserId, organizationId: { in: orgIds }, revokedAt: null },
      data: { revokedAt: now, revokedById: actorId },
    });
    const count = memberships.count + authorizations.count;
    if (count)
      await audit(
        {
          actorType: "user",
          actorUserId: actorId,
          action: "k12.access-removed",
          organizationId: option.id,
          targetUserId,
          recordCount: count,
          details: { schools: orgIds },
        },
        tx,
      );
    return count;
  });
  if (!removed) return fieldRefusal("NOT_FOUND", "userId", "That staff member has no access here to remove.");
  return { ok: true, removed };
}

/**
 * A superintendent authorizes a district administrator for the August–July window. The access
 * goes to the address: to its account once the owner has verified it, otherwise it waits as an
 * invitation (lib/identity/invitations.ts) — an account someone else registered for the address
 * never receives it. `invited` says which happened.
 */
export async function authorizeDistrictUser(
  actor: { id: string; firstName: string; lastName: string },
  option: K12Option,
  email: string,
  windowStartYear: number,
): Promise<Result<{ invited: boolean }>> {
  if (!allows(option, "k12:authorize-district")) return refusal("FORBIDDEN", "Only the district superintendent may authorize district administrators.");
  const window = districtWindow(windowStartYear);
  const authorizedBy = `${actor.firstName} ${actor.lastName}`;
  const grant: Grant = {
    type: "membership",
    role: "DISTRICT_ADMIN",
    position: "District Administrator",
    k12Source: "SUPERINTENDENT",
    authorizedBy,
    validFrom: window.validFrom.toISOString(),
    expiresAt: window.expiresAt.toISOString(),
  };
  const outcome = await prisma.$transaction(async (tx) => {
    const result = await grantOrInvite(tx, email, option.id, grant, { label: authorizedBy, userId: actor.id });
    await audit(
      {
        actorType: "user",
        actorUserId: actor.id,
        action: "k12.district-authorized",
        organizationId: option.id,
        targetUserId: result.granted ? result.userId : null,
        details: { windowStartYear, invited: !result.granted },
      },
      tx,
    );
    return result;
  });
  if (!outcome.granted) await sendInvitationEmail(email, option.name, authorizedBy);
  return { ok: true, invited: !outcome.granted };
}

/** Tells an address that access waits for it once it has a verified account. */
async function sendInvitationEmail(email: string, organizationName: string, invitedBy: string): Promise<void> {
  try {
    await sendEmail({
      to: email,
      subject: `You have been given access to AP Score Reports for ${organizationName}`,
      text:
        `${invitedBy} gave ${email} access to AP Score Reports for K-12 Educators at ${organizationName}.\n\n` +
        `To use it, create your educator account with this email address at ${portalBaseUrl()}/signup (or sign in if you already have one) and confirm the address from the email we send you. ` +
        "The access is added to your account as soon as the address is confirmed.\n",
    });
  } catch (error) {
    logger.error({ err: error }, "could not send a K-12 invitation email");
  }
}

// ───────────────────────────── program administrators' loader ─────────────────────────────

export interface K12LoadResult {
  organizations: Record<string, string>;
  users: Record<string, string>;
  /** Addresses whose grants wait as invitations (no verified account yet). */
  invitations: string[];
  students: number;
  exams: number;
  /**
   * The school codes in the load: `code` is shown when this load made it (once, like an issued
   * code), null when the school already had it; `emailedTo` lists the principals it was sent to.
   */
  accessCodes: Array<{ schoolCode: string; adminYear: number; hint: string; code: string | null; emailedTo: string[] }>;
}

/**
 * Loads K-12 organizations, access and exam results in one transaction (upserts, so loading
 * the same data twice changes nothing). Used by the admin API, the demo seed and tests.
 */
export async function loadK12Data(
  input: K12LoadInput,
  actor: { userId: string | null; label: string; type?: "user" | "admin-token" | "system"; ip?: string | null },
  now = new Date(),
): Promise<K12LoadResult | Refusal> {
  const passwordHashes = new Map<string, string>();
  for (const u of input.users) passwordHashes.set(u.email, await hashPassword(u.password));
  const loaded = await prisma
    .$transaction(
      async (tx) => {
        const orgIds: Record<string, string> = {};
        const upsertOrg = async (
          kind: "SCHOOL" | "DISTRICT" | "HOMESCHOOL",
          o: { code: string; name: string; state: string; city?: string },
          districtId: string | null,
        ) => {
          const org = await tx.organization.upsert({
            where: { kind_code: { kind, code: o.code } },
            create: { kind, code: o.code, name: o.name, state: o.state, city: o.city ?? "", addressLines: [], districtId },
            update: { name: o.name, state: o.state, ...(districtId ? { districtId } : {}) },
            select: { id: true },
          });
          orgIds[`${kind}:${o.code}`] = org.id;
          return org.id;
        };
        const orgId = async (kind: "SCHOOL" | "DISTRICT" | "HOMESCHOOL", code: string): Promise<string | null> => {
          const known = orgIds[`${kind}:${code}`];
          if (known) return known;
          const org = await tx.organization.findUnique({ where: { kind_code: { kind, code } }, select: { id: true } });
          if (org) orgIds[`${kind}:${code}`] = org.id;
          return org?.id ?? null;
        };
        for (const d of input.districts) await upsertOrg("DISTRICT", d, null);
        for (const s of input.schools) {
          const districtId = s.districtCode ? await orgId("DISTRICT", s.districtCode) : null;
          if (s.districtCode && !districtId) throw AppError.from(fieldRefusal("BAD_REQUEST", "schools", `No district has code ${s.districtCode}.`));
          await upsertOrg("SCHOOL", s, districtId);
        }
        for (const h of input.homeschools) await upsertOrg("HOMESCHOOL", h, null);

        const userIds: Record<string, string> = {};
        const loadedCodes: LoadedCode[] = [];
        for (const u of input.users) {
          const existing = await tx.user.findUnique({ where: { email: u.email }, select: { id: true, emailVerifiedAt: true } });
          const verifiedAt = u.emailVerified ? now : null;
          let user: { id: string };
          if (!existing) {
            user = await tx.user.create({
              data: {
                email: u.email,
                passwordHash: passwordHashes.get(u.email)!,
                firstName: u.firstName,
                lastName: u.lastName,
                organizationName: "K-12",
                jobFunction: "K-12: Teacher or Administrator",
                emailVerifiedAt: verifiedAt,
              },
              select: { id: true },
            });
          } else if (!existing.emailVerifiedAt) {
            // Someone registered this address without proving it: their password and sessions go,
            // the program's password replaces it (the verified owner's account is left alone).
            user = await tx.user.update({
              where: { id: existing.id },
              data: {
                passwordHash: passwordHashes.get(u.email)!,
                passwordChangedAt: now,
                sessionVersion: { increment: 1 },
                firstName: u.firstName,
                lastName: u.lastName,
                emailVerifiedAt: verifiedAt,
              },
              select: { id: true },
            });
            await tx.emailVerification.deleteMany({ where: { userId: existing.id } });
            await tx.termsAcceptance.deleteMany({ where: { userId: existing.id } });
            if (verifiedAt) await attachInvitations(tx, existing.id, u.email, now);
          } else {
            user = existing;
          }
          userIds[u.email] = user.id;
          if (u.acceptTerms) {
            // K-12 educators accept the K-12 terms (their own portal's), not the higher-ed ones.
            await tx.termsAcceptance.upsert({
              where: { userId_version: { userId: user.id, version: K12_TERMS_VERSION } },
              create: { userId: user.id, version: K12_TERMS_VERSION },
              update: {},
            });
          }
        }
        const invitedBy = { label: actor.label, userId: actor.userId };
        const requireOrg = async (kind: "SCHOOL" | "DISTRICT" | "HOMESCHOOL", code: string, field: string): Promise<string> => {
          const id = await orgId(kind, code);
          if (!id) throw AppError.from(fieldRefusal("BAD_REQUEST", field, `No ${kind.toLowerCase()} has code ${code}.`));
          return id;
        };

        // Grants go to verified accounts; for any other address they wait as invitations.
        const invited: string[] = [];
        const give = async (email: string, organizationId: string, grant: Grant) => {
          const outcome = await grantOrInvite(tx, email, organizationId, grant, invitedBy, now);
          if (!outcome.granted) invited.push(email);
        };
        for (const a of input.courseAuthorizations) {
          await give(a.email, await requireOrg(a.orgKind, a.orgCode, "courseAuthorizations"), {
            type: "course",
            examCode: a.examCode,
            schoolYear: a.schoolYear,
            sections: a.sections,
          });
        }
        for (const a of input.schoolAdmins) {
          await give(a.email, await requireOrg("SCHOOL", a.schoolCode, "schoolAdmins"), {
            type: "membership",
            role: "SCHOOL_ADMIN",
            position: a.position,
            k12Source: a.source,
          });
        }
        for (const a of input.districtAdmins) {
          const window = districtWindow(a.windowStartYear);
          await give(a.email, await requireOrg("DISTRICT", a.districtCode, "districtAdmins"), {
            type: "membership",
            role: "DISTRICT_ADMIN",
            position: a.position,
            k12Source: "SUPERINTENDENT",
            authorizedBy: a.authorizedBy,
            validFrom: window.validFrom.toISOString(),
            expiresAt: window.expiresAt.toISOString(),
          });
        }
        for (const c of input.accessCodes) {
          const organizationId = await requireOrg("SCHOOL", c.schoolCode, "accessCodes");
          const expiresAt = schoolCodeExpiry(c.adminYear);
          let code = c.code;
          if (code === undefined) {
            // One generated code per school and year: loading again keeps (and does not resend) it.
            const current = await tx.accessCode.findFirst({
              where: { organizationId, purpose: "K12_SCHOOL", expiresAt, revokedAt: null },
              select: { id: true, hint: true },
            });
            if (current) {
              await tx.accessCode.update({ where: { id: current.id }, data: { maxRedemptions: c.maxRedemptions } });
              loadedCodes.push({
                accessCodeId: current.id,
                schoolId: organizationId,
                schoolCode: c.schoolCode,
                adminYear: c.adminYear,
                hint: current.hint,
                code: null,
              });
              continue;
            }
            code = generateAccessCode();
          } else {
            const school = await tx.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { district: { select: { code: true } } } });
            if (accessCodeGuessBits(code, [c.schoolCode, school.district?.code ?? ""]) < MIN_SCHOOL_CODE_BITS) {
              throw AppError.from(
                fieldRefusal(
                  "BAD_REQUEST",
                  "accessCodes",
                  `The access code for school ${c.schoolCode} is too easy to guess: a school code must not be built from the school's or district's code or a year. Leave "code" out to have a random one generated.`,
                ),
              );
            }
          }
          loadedCodes.push({
            ...(await storeSchoolCode(tx, { organizationId, code, adminYear: c.adminYear, maxRedemptions: c.maxRedemptions, createdById: actor.userId })),
            schoolId: organizationId,
            schoolCode: c.schoolCode,
            adminYear: c.adminYear,
          });
        }
        for (const r of input.teacherRestrictions) {
          const organizationId = await requireOrg("SCHOOL", r.schoolCode, "teacherRestrictions");
          await tx.k12SchoolSetting.upsert({
            where: { organizationId },
            create: { organizationId, teachersRestricted: r.teachersRestricted },
            update: { teachersRestricted: r.teachersRestricted },
          });
        }

        let exams = 0;
        const schools = new Map<string, { name: string; state: string; city: string }>();
        for (const s of input.students) {
          for (const e of s.exams) {
            if (schools.has(e.schoolCode)) continue;
            const school = await tx.organization.findUnique({
              where: { kind_code: { kind: "SCHOOL", code: e.schoolCode } },
              select: { name: true, state: true, city: true },
            });
            if (!school) throw AppError.from(fieldRefusal("BAD_REQUEST", "students", `No school has AI code ${e.schoolCode}.`));
            schools.set(e.schoolCode, school);
          }
        }
        for (const s of input.students) {
          const home = schools.get(s.exams[0]!.schoolCode)!;
          const profile = emptyProfile();
          profile.educationLevel = s.gradeLevel;
          profile.highSchool = {
            aiCode: s.exams[0]!.schoolCode,
            contactName: "",
            name: home.name,
            address: { lines: home.city ? [home.city] : [], state: home.state, zip: "" },
          };
          const student = await tx.student.upsert({
            where: { apId: s.apId },
            create: {
              apId: s.apId,
              firstName: s.firstName,
              lastName: s.lastName,
              dateOfBirth: s.dateOfBirth ? new Date(`${s.dateOfBirth}T00:00:00Z`) : null,
              profile: profile as unknown as Prisma.InputJsonObject,
            },
            update: { firstName: s.firstName, lastName: s.lastName },
            select: { id: true },
          });
          for (const e of s.exams) {
            const key = { studentId: student.id, adminYear: e.adminYear, examCode: e.examCode };
            const data = { score: e.score, irregularityCodes: e.irregularityCodes, classSection: e.classSection, schoolCode: e.schoolCode };
            await tx.exam.upsert({ where: { studentId_adminYear_examCode: key }, create: { ...key, ...data }, update: data });
            exams++;
          }
        }
        await audit(
          {
            actorType: actor.type ?? "system",
            actorUserId: actor.userId,
            actorLabel: actor.label,
            ip: actor.ip ?? null,
            action: "admin.k12.loaded",
            recordCount: input.students.length,
            details: { organizations: Object.keys(orgIds).length, exams },
          },
          tx,
        );
        return { organizations: orgIds, users: userIds, invitations: [...new Set(invited)], students: input.students.length, exams, loadedCodes };
      },
      { timeout: 120_000 },
    )
    .catch((error: unknown) => {
      // A refusal thrown inside the transaction rolled everything back; answer it as a value.
      if (error instanceof AppError) return error.toRefusal();
      throw error;
    });
  if ("ok" in loaded) return loaded;
  const { loadedCodes, ...result } = loaded;
  // Codes new in this load are emailed to their schools' principals once the load has committed.
  const accessCodes: K12LoadResult["accessCodes"] = [];
  for (const c of loadedCodes) {
    const emailedTo: string[] = [];
    if (c.code !== null) {
      const [school, code] = await Promise.all([
        prisma.organization.findUniqueOrThrow({ where: { id: c.schoolId }, select: { name: true, code: true } }),
        prisma.accessCode.findUniqueOrThrow({ where: { id: c.accessCodeId }, select: { maxRedemptions: true, expiresAt: true } }),
      ]);
      for (const principal of await schoolPrincipals(c.schoolId, now)) {
        const delivery = await deliverAccessCode(c.accessCodeId, schoolCodeEmail(principal, school, c.code, code), "loaded", actor.label);
        if (delivery.sentAt) emailedTo.push(delivery.email);
      }
    }
    accessCodes.push({ schoolCode: c.schoolCode, adminYear: c.adminYear, hint: c.hint, code: c.code, emailedTo });
  }
  return { ...result, accessCodes };
}

interface LoadedCode {
  accessCodeId: string;
  schoolId: string;
  schoolCode: string;
  adminYear: number;
  hint: string;
  /** The code when this load created it; null when it existed already. */
  code: string | null;
}

/**
 * Stores a school's yearly code (sealed, so the principal can read it and it can be emailed).
 * Storing the same code again updates its settings and reopens it; `code` is null then, so it
 * is not sent again. Used by the loader (after its strength rule) and by the demo seed.
 */
export async function storeSchoolCode(
  tx: Tx,
  c: { organizationId: string; code: string; adminYear: number; maxRedemptions: number; createdById: string | null },
): Promise<{ accessCodeId: string; hint: string; code: string | null }> {
  const codeHash = hashAccessCode(c.code);
  const expiresAt = schoolCodeExpiry(c.adminYear);
  const taken = await tx.accessCode.findUnique({ where: { codeHash }, select: { id: true, organizationId: true, purpose: true, codeSealed: true } });
  if (taken && (taken.organizationId !== c.organizationId || taken.purpose !== "K12_SCHOOL")) {
    throw AppError.from(fieldRefusal("CONFLICT", "accessCodes", "That access code is already in use."));
  }
  if (taken) {
    await tx.accessCode.update({
      where: { id: taken.id },
      data: { maxRedemptions: c.maxRedemptions, expiresAt, revokedAt: null, codeSealed: taken.codeSealed ?? encryptSecret(c.code) },
    });
    return { accessCodeId: taken.id, hint: accessCodeHint(c.code), code: null };
  }
  const row = await tx.accessCode.create({
    data: {
      organizationId: c.organizationId,
      purpose: "K12_SCHOOL",
      codeHash,
      hint: accessCodeHint(c.code),
      codeSealed: encryptSecret(c.code),
      maxRedemptions: c.maxRedemptions,
      expiresAt,
      createdById: c.createdById,
    },
    select: { id: true },
  });
  return { accessCodeId: row.id, hint: accessCodeHint(c.code), code: c.code };
}
