import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { startOfZonedDay, addDays } from "@/lib/dates";
import { isUuid } from "@/lib/accounts/schema";
import type { AuditFilter } from "@/lib/audit-log/schema";

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
      where: isUuid(term) ? { id: term } : { email: term.toLowerCase() },
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
    select: {
      id: true,
      at: true,
      actorType: true,
      actorLabel: true,
      actorUserId: true,
      action: true,
      organizationId: true,
      targetUserId: true,
      recordCount: true,
      ip: true,
      details: true,
    },
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
