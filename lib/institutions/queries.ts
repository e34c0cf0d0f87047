import { prisma } from "@/lib/db";
import { refusal, type Refusal } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { InstitutionValues } from "@/lib/institutions/schema";
import { ADMIN_PAGE_SIZE, pageOf, pageWindow, type PageOf } from "@/lib/paging";

/** The fields an institution answer carries (admin API and console). */
export const INSTITUTION_SELECT = {
  id: true,
  code: true,
  name: true,
  addressLines: true,
  city: true,
  state: true,
  zip: true,
  contactName: true,
  contactEmail: true,
} as const;

// Program administrators see every institution: these reads are not scoped by an
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
  return findInstitutions(search, { skip: 0, take });
}

/** One page of listInstitutions, with the number of every matching college (the admin Institutions page). */
export async function listInstitutionsPage(
  search: { q: string; zip?: string },
  page: number,
  pageSize = ADMIN_PAGE_SIZE,
): Promise<PageOf<InstitutionListItem>> {
  const [rows, total] = await Promise.all([
    findInstitutions(search, pageWindow(page, pageSize)),
    prisma.organization.count({ where: institutionSearchWhere(search) }),
  ]);
  return pageOf(rows, total, page, pageSize);
}

function institutionSearchWhere(search: { q: string; zip?: string }): Prisma.OrganizationWhereInput {
  const q = search.q.trim();
  const where: Prisma.OrganizationWhereInput = { kind: "COLLEGE" };
  if (q) where.OR = [{ name: { contains: q, mode: "insensitive" } }, { code: { startsWith: q.replace(/^0+(?=\d{4})/, "") } }];
  if (search.zip) where.zip = { startsWith: search.zip };
  return where;
}

async function findInstitutions(search: { q: string; zip?: string }, window: { skip: number; take: number }): Promise<InstitutionListItem[]> {
  const now = new Date();
  const rows = await prisma.organization.findMany({
    where: institutionSearchWhere(search),
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
    ...window,
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

/** What the console shows for a code; computed here, where institution details are read (access-codes imports institutions, not the reverse). */
export type AccessCodeStatus = "active" | "revoked" | "expired" | "used-up";

export function accessCodeStatus(
  code: { revokedAt: Date | null; expiresAt: Date | null; maxRedemptions: number | null },
  redemptions: number,
  now = new Date(),
): AccessCodeStatus {
  if (code.revokedAt) return "revoked";
  if (code.expiresAt && code.expiresAt <= now) return "expired";
  if (code.maxRedemptions !== null && redemptions >= code.maxRedemptions) return "used-up";
  return "active";
}

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
  /** Whether the code can be emailed again (it is kept sealed; codes made before that are not). */
  resendable: boolean;
  /** The emails of this code, newest first (the last 10). */
  deliveries: Array<{ email: string; reason: string; requestedBy: string; sentAt: Date | null; error: string | null; createdAt: Date }>;
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
      ...INSTITUTION_SELECT,
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
          codeSealed: true,
          deliveries: {
            orderBy: { createdAt: "desc" },
            take: 10,
            select: { email: true, reason: true, requestedBy: true, sentAt: true, error: true, createdAt: true },
          },
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
      resendable: c.codeSealed !== null && !c.revokedAt,
      deliveries: c.deliveries,
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

/** The console's home page: how much of everything the program holds. */
export async function programOverview() {
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
