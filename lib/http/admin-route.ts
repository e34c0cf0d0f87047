import "server-only";
import type { z } from "zod";
import { currentUser } from "@/lib/auth/gate";
import { AppError, parseOrThrow, type Refusal } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, isRefusal, readJson, readQuery, refusalResponse, route } from "@/lib/http/route";
import { allows } from "@/lib/permissions";
import { throttle } from "@/lib/rate-limit";
import { authenticateAdminToken } from "@/lib/admin-tokens/mutations";
import type { AdminActor } from "@/lib/audit";

export type { AdminActor };

type Schema = z.ZodType | undefined;
type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

interface AdminRouteOptions<B extends Schema, Q extends Schema, P extends Schema> {
  /** Requests per minute for one token or one admin session (default 600). */
  perMinute?: number;
  body?: B;
  /** Largest JSON body accepted (default 1 MB). */
  maxBytes?: number;
  query?: Q;
  /** The path parameters' schema: a bad one is a 400 naming it. */
  params?: P;
}

export interface AdminContext<B extends Schema, Q extends Schema, P extends Schema> {
  request: Request;
  actor: AdminActor;
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
}

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
    if (!token) throw new AppError("UNAUTHENTICATED", 'The Authorization header must be "Bearer <admin API token>".');
    const actor = await authenticateAdminToken(token, ip);
    if (!actor) throw new AppError("UNAUTHENTICATED", "The admin API token is not valid or has been revoked.");
    return actor;
  }
  // Cookies ride along on cross-site requests; a token cannot, so only sessions need this.
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in as a program administrator or send an admin API token.");
  if (!allows({ globalRole: user.role }, "admin:console")) throw new AppError("FORBIDDEN", "This is for program administrators only.");
  return { type: "user", userId: user.id, label: user.email, tokenId: null, ip };
}

/**
 * The one wrapper for every admin API route: authentication → rate limit → input → handler,
 * with errors (thrown or returned as a Refusal) mapped through lib/errors.ts.
 */
export function adminRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  options: AdminRouteOptions<B, Q, P>,
  handler: (context: AdminContext<B, Q, P>) => Promise<Response | Refusal>,
) {
  const perMinute = options.perMinute ?? 600;
  return route<Record<string, string | string[]>>(async (request, context) => {
    const actor = await authenticate(request);
    const limited = await throttle(
      {
        name: actor.tokenId ? "admin-token" : "admin-user",
        limit: perMinute,
        windowSeconds: 60,
        message: "Too many admin API requests. Slow down and try again shortly.",
      },
      actor.tokenId ?? actor.userId ?? "",
    );
    if (limited) return refusalResponse(limited);
    const params = options.params ? parseOrThrow(options.params, (await context?.params) ?? {}) : undefined;
    const query = options.query ? readQuery(request, options.query) : undefined;
    const body = options.body ? await readJson(request, options.body, options.maxBytes) : undefined;
    const result = await handler({ request, actor, body, query, params } as AdminContext<B, Q, P>);
    return isRefusal(result) ? refusalResponse(result) : result;
  });
}
