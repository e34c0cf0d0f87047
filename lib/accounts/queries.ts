import { prisma } from "@/lib/db";
import { refusal } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/accounts/schema";
import { ADMIN_PAGE_SIZE, pageOf, pageWindow, type PageOf } from "@/lib/paging";
import { HARD_LOCK_UNTIL } from "@/lib/auth/rules";
import { accountThrottleStates } from "@/lib/auth/throttle";

// ───────────────────────────── program administrators (every account) ─────────────────────────────

export interface UserListItem {
  id: string;
  email: string;
  name: string;
  role: string;
  lastSignInAt: Date | null;
  locked: boolean;
  enrollments: number;
}

/** Users by email or name (part of either), or by id. Without a search: the most recent. */
export async function searchUsers(q: string, take = 50): Promise<UserListItem[]> {
  return findUsers(q, { skip: 0, take });
}

/** One page of searchUsers, with the number of every matching account (the admin Users page). */
export async function searchUsersPage(q: string, page: number, pageSize = ADMIN_PAGE_SIZE): Promise<PageOf<UserListItem>> {
  const [rows, total] = await Promise.all([findUsers(q, pageWindow(page, pageSize)), prisma.user.count({ where: userSearchWhere(q) })]);
  return pageOf(rows, total, page, pageSize);
}

function userSearchWhere(q: string): Prisma.UserWhereInput {
  const term = q.trim();
  const where: Prisma.UserWhereInput = {};
  if (term) {
    where.OR = [
      { email: { contains: term.toLowerCase() } },
      { firstName: { contains: term, mode: "insensitive" } },
      { lastName: { contains: term, mode: "insensitive" } },
      ...(isUuid(term) ? [{ id: term }] : []),
    ];
  }
  return where;
}

async function findUsers(q: string, window: { skip: number; take: number }): Promise<UserListItem[]> {
  const term = q.trim();
  const now = new Date();
  const rows = await prisma.user.findMany({
    where: userSearchWhere(q),
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      role: true,
      lastSignInAt: true,
      lockedUntil: true,
      _count: { select: { memberships: true } },
    },
    orderBy: term ? [{ email: "asc" }] : [{ createdAt: "desc" }, { id: "asc" }],
    ...window,
  });
  const throttles = await accountThrottleStates(
    rows.map((u) => u.id),
    now,
  );
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: `${u.firstName} ${u.lastName}`,
    role: u.role,
    lastSignInAt: u.lastSignInAt,
    locked: (u.lockedUntil !== null && u.lockedUntil > now) || throttles.get(u.id)?.capped === true || Boolean(throttles.get(u.id)?.pausedUntil),
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
  /** An administrator's lock (lockedByAdministrator), else the end of a sign-in pause from failed attempts. */
  lockedUntil: Date | null;
  lockedByAdministrator: boolean;
  /** Consecutive failed sign-ins from browsers the account has not signed in from. */
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
  if (!isUuid(id)) return null;
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
  // Sign-in paused for unknown clients (lib/auth/throttle.ts) shows as a lock the administrator can lift.
  const throttle = (await accountThrottleStates([u.id])).get(u.id);
  const adminLock = u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil : null;
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
    lockedUntil: adminLock ?? (throttle?.capped ? HARD_LOCK_UNTIL : (throttle?.pausedUntil ?? null)),
    lockedByAdministrator: adminLock !== null,
    failedLogins: Math.max(u.failedLogins, throttle?.failures ?? 0),
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

// ───────────────────────────── the user's own settings ─────────────────────────────

export interface AppPasswordSummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** The user's app passwords that still work, newest first. */
export async function listAppPasswords(userId: string): Promise<AppPasswordSummary[]> {
  return prisma.appPassword.findMany({
    where: { userId, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
  });
}

export interface MfaStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function mfaStatus(userId: string): Promise<MfaStatus> {
  const [user, left] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { mfaEnabled: true } }),
    prisma.mfaRecoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabled: user?.mfaEnabled ?? false, recoveryCodesLeft: left };
}
