import type { AuditFilter, InstitutionValues } from "@/lib/admin/schema";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { startOfZonedDay, addDays } from "@/lib/dates";
import { refusal, type Refusal } from "@/lib/errors";

// Program administrators see every institution and user: these reads are not scoped by an
// institution, and every caller is behind requireAdmin() or adminRoute().

export interface InstitutionListItem {
  id: string;
  diCode: string;
  name: string;
  city: string;
  state: string;
  zip: string;
  contactName: string;
  members: number;
  activeCodes: number;
}

/** Colleges by name, DI code or ZIP (search), at most `take`. */
export async function listInstitutions(search: { q: string; zip?: string }, take = 100): Promise<InstitutionListItem[]> {
  const q = search.q.trim();
  const where: Prisma.OrganizationWhereInput = { kind: "COLLEGE" };
  if (q) where.OR = [{ name: { contains: q, mode: "insensitive" } }, { code: { startsWith: q.replace(/^0+(?=\d{4})/, "") } }];
  if (search.zip) where.zip = { startsWith: search.zip };
  const now = new Date();
  const rows = await prisma.organization.findMany({
    where,
    select: {
      id: true,
      code: true,
      name: true,
      city: true,
      state: true,
      zip: true,
      contactName: true,
      _count: {
        select: {
          memberships: true,
          accessCodes: { where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } },
        },
      },
    },
    orderBy: [{ name: "asc" }, { code: "asc" }],
    take,
  });
  return rows.map((r) => ({
    id: r.id,
    diCode: r.code,
    name: r.name,
    city: r.city,
    state: r.state,
    zip: r.zip,
    contactName: r.contactName,
    members: r._count.memberships,
    activeCodes: r._count.accessCodes,
  }));
}

export type AccessCodeStatus = "active" | "revoked" | "expired" | "used-up";

export interface AccessCodeItem {
  id: string;
  hint: string;
  purpose: string;
  status: AccessCodeStatus;
  expiresAt: Date | null;
  revokedAt: Date | null;
  maxRedemptions: number | null;
  redemptions: number;
  createdAt: Date;
  createdBy: string | null;
}

export function accessCodeStatus(code: { revokedAt: Date | null; expiresAt: Date | null; maxRedemptions: number | null }, redemptions: number, now = new Date()): AccessCodeStatus {
  if (code.revokedAt) return "revoked";
  if (code.expiresAt && code.expiresAt <= now) return "expired";
  if (code.maxRedemptions !== null && redemptions >= code.maxRedemptions) return "used-up";
  return "active";
}

export interface InstitutionDetail extends InstitutionValues {
  id: string;
  diCode: string;
  createdAt: Date;
  accessCodes: AccessCodeItem[];
  members: Array<{ membershipId: string; userId: string; email: string; name: string; position: string; createdAt: Date }>;
  reports: number;
}

export function institutionNotFound(diCode: string): Refusal {
  return refusal("NOT_FOUND", `No institution has DI code ${diCode}.`);
}

export async function getInstitution(diCode: string): Promise<InstitutionDetail | null> {
  const org = await prisma.organization.findUnique({
    where: { kind_code: { kind: "COLLEGE", code: diCode } },
    select: {
      id: true,
      code: true,
      name: true,
      addressLines: true,
      city: true,
      state: true,
      zip: true,
      contactName: true,
      contactEmail: true,
      createdAt: true,
      accessCodes: {
        select: {
          id: true,
          hint: true,
          purpose: true,
          expiresAt: true,
          revokedAt: true,
          maxRedemptions: true,
          createdAt: true,
          createdBy: { select: { email: true } },
          _count: { select: { memberships: true } },
        },
        orderBy: [{ createdAt: "desc" }],
      },
      memberships: {
        select: { id: true, position: true, createdAt: true, user: { select: { id: true, email: true, firstName: true, lastName: true } } },
        orderBy: { createdAt: "desc" },
        take: 200,
      },
      _count: { select: { scoreReports: true } },
    },
  });
  if (!org) return null;
  const now = new Date();
  return {
    id: org.id,
    diCode: org.code,
    name: org.name,
    addressLines: org.addressLines,
    city: org.city,
    state: org.state,
    zip: org.zip,
    contactName: org.contactName,
    contactEmail: org.contactEmail,
    createdAt: org.createdAt,
    accessCodes: org.accessCodes.map((c) => ({
      id: c.id,
      hint: c.hint,
      purpose: c.purpose,
      status: accessCodeStatus(c, c._count.memberships, now),
      expiresAt: c.expiresAt,
      revokedAt: c.revokedAt,
      maxRedemptions: c.maxRedemptions,
      redemptions: c._count.memberships,
      createdAt: c.createdAt,
      createdBy: c.createdBy?.email ?? null,
    })),
    members: org.memberships.map((m) => ({
      membershipId: m.id,
      userId: m.user.id,
      email: m.user.email,
      name: `${m.user.firstName} ${m.user.lastName}`,
      position: m.position,
      createdAt: m.createdAt,
    })),
    reports: org._count.scoreReports,
  };
}

// ───────────────────────────── users ─────────────────────────────

export interface UserListItem {
  id: string;
  email: string;
  name: string;
  role: string;
  lastSignInAt: Date | null;
  locked: boolean;
  enrollments: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Users by email or name (part of either), or by id. Without a search: the most recent. */
export async function searchUsers(q: string, take = 50): Promise<UserListItem[]> {
  const term = q.trim();
  const where: Prisma.UserWhereInput = {};
  if (term) {
    where.OR = [
      { email: { contains: term.toLowerCase() } },
      { firstName: { contains: term, mode: "insensitive" } },
      { lastName: { contains: term, mode: "insensitive" } },
      ...(UUID.test(term) ? [{ id: term }] : []),
    ];
  }
  const now = new Date();
  const rows = await prisma.user.findMany({
    where,
    select: { id: true, email: true, firstName: true, lastName: true, role: true, lastSignInAt: true, lockedUntil: true, _count: { select: { memberships: true } } },
    orderBy: term ? [{ email: "asc" }] : [{ createdAt: "desc" }],
    take,
  });
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: `${u.firstName} ${u.lastName}`,
    role: u.role,
    lastSignInAt: u.lastSignInAt,
    locked: u.lockedUntil !== null && u.lockedUntil > now,
    enrollments: u._count.memberships,
  }));
}

export interface UserDetail {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  organizationName: string;
  jobFunction: string;
  createdAt: Date;
  lastSignInAt: Date | null;
  lockedUntil: Date | null;
  failedLogins: number;
  mfaEnabled: boolean;
  termsAcceptedAt: Date | null;
  enrollments: Array<{
    membershipId: string;
    organizationKind: string;
    code: string;
    name: string;
    role: string;
    position: string;
    expiresAt: Date | null;
    createdAt: Date;
    accessCodeHint: string | null;
  }>;
}

export const USER_NOT_FOUND = refusal("NOT_FOUND", "No such user.");

export async function getUserDetail(id: string): Promise<UserDetail | null> {
  if (!UUID.test(id)) return null;
  const u = await prisma.user.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      role: true,
      organizationName: true,
      jobFunction: true,
      createdAt: true,
      lastSignInAt: true,
      lockedUntil: true,
      failedLogins: true,
      mfaEnabled: true,
      termsAcceptances: { select: { acceptedAt: true }, orderBy: { acceptedAt: "desc" }, take: 1 },
      memberships: {
        select: {
          id: true,
          role: true,
          position: true,
          expiresAt: true,
          createdAt: true,
          accessCode: { select: { hint: true } },
          organization: { select: { kind: true, code: true, name: true } },
        },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!u) return null;
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    role: u.role,
    organizationName: u.organizationName,
    jobFunction: u.jobFunction,
    createdAt: u.createdAt,
    lastSignInAt: u.lastSignInAt,
    lockedUntil: u.lockedUntil,
    failedLogins: u.failedLogins,
    mfaEnabled: u.mfaEnabled,
    termsAcceptedAt: u.termsAcceptances[0]?.acceptedAt ?? null,
    enrollments: u.memberships.map((m) => ({
      membershipId: m.id,
      organizationKind: m.organization.kind,
      code: m.organization.code,
      name: m.organization.name,
      role: m.role,
      position: m.position,
      expiresAt: m.expiresAt,
      createdAt: m.createdAt,
      accessCodeHint: m.accessCode?.hint ?? null,
    })),
  };
}

// ───────────────────────────── audit log ─────────────────────────────

export interface AuditRow {
  id: string;
  at: Date;
  actorType: string;
  actorLabel: string;
  actorUserId: string | null;
  action: string;
  organizationCode: string | null;
  organizationName: string | null;
  targetUserId: string | null;
  targetEmail: string | null;
  recordCount: number | null;
  ip: string | null;
  details: unknown;
}

export interface AuditPage {
  rows: AuditRow[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

/**
 * The audit log, newest first, one page at a time. Keyset pagination on id (never OFFSET), so
 * a page costs the same however deep it is and new events do not shift later pages.
 */
export async function listAuditEvents(filter: AuditFilter): Promise<AuditPage> {
  const where: Prisma.AuditEventWhereInput = {};
  const and: Prisma.AuditEventWhereInput[] = [];
  if (filter.user) {
    const term = filter.user.trim();
    const users = await prisma.user.findMany({
      where: UUID.test(term) ? { id: term } : { email: term.toLowerCase() },
      select: { id: true },
    });
    const ids = users.map((u) => u.id);
    // Unknown users still match events that name them (e.g. failed sign-ins of a typo'd email).
    and.push({ OR: [{ actorUserId: { in: ids } }, { targetUserId: { in: ids } }, { actorLabel: { equals: term, mode: "insensitive" } }] });
  }
  if (filter.institution) {
    const orgs = await prisma.organization.findMany({ where: { code: filter.institution }, select: { id: true } });
    and.push({ organizationId: { in: orgs.map((o) => o.id) } });
  }
  if (filter.action) and.push({ action: filter.action });
  if (filter.from) and.push({ at: { gte: startOfZonedDay(filter.from) } });
  if (filter.to) and.push({ at: { lt: startOfZonedDay(addDays(filter.to, 1)) } });
  if (filter.before) and.push({ id: { lt: BigInt(filter.before) } });
  if (and.length) where.AND = and;

  const rows = await prisma.auditEvent.findMany({
    where,
    orderBy: { id: "desc" },
    take: filter.limit + 1,
    select: { id: true, at: true, actorType: true, actorLabel: true, actorUserId: true, action: true, organizationId: true, targetUserId: true, recordCount: true, ip: true, details: true },
  });
  const page = rows.slice(0, filter.limit);
  const orgIds = [...new Set(page.map((r) => r.organizationId).filter((v): v is string => v !== null))];
  const userIds = [...new Set(page.map((r) => r.targetUserId).filter((v): v is string => v !== null))];
  const [orgs, users] = await Promise.all([
    orgIds.length ? prisma.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, code: true, name: true } }) : [],
    userIds.length ? prisma.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [],
  ]);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const emailById = new Map(users.map((u) => [u.id, u.email]));
  return {
    rows: page.map((r) => ({
      id: String(r.id),
      at: r.at,
      actorType: r.actorType,
      actorLabel: r.actorLabel,
      actorUserId: r.actorUserId,
      action: r.action,
      organizationCode: r.organizationId ? (orgById.get(r.organizationId)?.code ?? null) : null,
      organizationName: r.organizationId ? (orgById.get(r.organizationId)?.name ?? null) : null,
      targetUserId: r.targetUserId,
      targetEmail: r.targetUserId ? (emailById.get(r.targetUserId) ?? null) : null,
      recordCount: r.recordCount,
      ip: r.ip,
      details: r.details,
    })),
    nextBefore: rows.length > filter.limit ? String(page[page.length - 1]!.id) : null,
  };
}

// ───────────────────────────── tokens, outbox, overview ─────────────────────────────

export async function listAdminTokens() {
  const rows = await prisma.adminApiToken.findMany({
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: { select: { email: true } } },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
  });
  return rows.map((t) => ({ id: t.id, name: t.name, prefix: t.prefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt, revokedAt: t.revokedAt, createdBy: t.createdBy?.email ?? null }));
}

export async function listOutbox(page: { before: string; limit: number }) {
  const rows = await prisma.outboxEmail.findMany({
    where: page.before ? { id: { lt: BigInt(page.before) } } : {},
    orderBy: { id: "desc" },
    take: page.limit + 1,
    select: { id: true, to: true, subject: true, text: true, createdAt: true },
  });
  const shown = rows.slice(0, page.limit);
  return {
    rows: shown.map((r) => ({ id: String(r.id), to: r.to, subject: r.subject, text: r.text, createdAt: r.createdAt })),
    nextBefore: rows.length > page.limit ? String(shown[shown.length - 1]!.id) : null,
  };
}

export async function adminOverview() {
  const now = new Date();
  const [institutions, users, lockedUsers, reports, activeTokens, outbox] = await Promise.all([
    prisma.organization.count({ where: { kind: "COLLEGE" } }),
    prisma.user.count(),
    prisma.user.count({ where: { lockedUntil: { gt: now } } }),
    prisma.scoreReport.count(),
    prisma.adminApiToken.count({ where: { revokedAt: null } }),
    prisma.outboxEmail.count(),
  ]);
  return { institutions, users, lockedUsers, reports, activeTokens, outbox };
}
