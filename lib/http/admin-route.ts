import "server-only";
import { NextResponse } from "next/server";
import { hashSecretToken } from "@/lib/access/codes";
import { currentUser } from "@/lib/auth/gate";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, route, type RouteContext } from "@/lib/http/route";
import { hitRateLimit } from "@/lib/rate-limit";
import type { AdminActor } from "@/lib/admin/actor";

export type { AdminActor };

interface AdminRouteOptions {
  /** Requests per minute for one token or one admin session (default 600). */
  perMinute?: number;
}

type AdminHandler<P> = (request: Request, context: { params: P; actor: AdminActor }) => Promise<Response>;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Who is calling the admin API: a bearer token (scripts, test suites) or a signed-in program
 * administrator's browser session (the console). 401 without credentials or with a bad
 * token, 403 for a session that is not an administrator's.
 */
async function authenticate(request: Request): Promise<AdminActor> {
  const ip = clientIp(request.headers);
  const header = request.headers.get("authorization");
  if (header !== null) {
    const token = BEARER.exec(header)?.[1];
    if (!token) throw new AppError("UNAUTHENTICATED", "The Authorization header must be \"Bearer <admin API token>\".");
    const row = await prisma.adminApiToken.findUnique({
      where: { tokenHash: hashSecretToken(token) },
      select: { id: true, name: true, prefix: true, revokedAt: true, createdById: true },
    });
    if (!row || row.revokedAt) throw new AppError("UNAUTHENTICATED", "The admin API token is not valid or has been revoked.");
    await prisma.adminApiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
    return { type: "admin-token", userId: row.createdById, label: `token ${row.prefix}… (${row.name})`, tokenId: row.id, ip };
  }
  // Cookies ride along on cross-site requests; a token cannot, so only sessions need this.
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in as a program administrator or send an admin API token.");
  if (user.role !== "ADMIN") throw new AppError("FORBIDDEN", "This is for program administrators only.");
  return { type: "user", userId: user.id, label: user.email, tokenId: null, ip };
}

/**
 * The one wrapper for every admin API route: authentication → rate limit → handler, with
 * errors mapped by route().
 */
export function adminRoute<P = Record<string, never>>(handler: AdminHandler<P>, options: AdminRouteOptions = {}) {
  const perMinute = options.perMinute ?? 600;
  return route<P>(async (request: Request, context: RouteContext<P>) => {
    const actor = await authenticate(request);
    const key = actor.tokenId ? `admin-token:${actor.tokenId}` : `admin-user:${actor.userId}`;
    const limit = await hitRateLimit(key, perMinute, 60);
    if (!limit.allowed) {
      throw new AppError("RATE_LIMITED", "Too many admin API requests. Slow down and try again shortly.", { retryAfterSeconds: limit.retryAfterSeconds });
    }
    const params = context?.params ? await context.params : ({} as P);
    return handler(request, { params, actor });
  });
}

export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status });
}
