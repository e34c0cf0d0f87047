import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { z } from "zod";
import { audit, type AuditAction } from "@/lib/audit";
import { authorizeInstitution, currentUser, sessionAccount, type AuthorizedInstitution, type SessionUser } from "@/lib/auth/gate";
import { AppError, parseOrThrow, type Refusal } from "@/lib/errors";
import { isPasswordExpired } from "@/lib/auth/mutations";
import { clientIp } from "@/lib/http/client-ip";
import { VERIFY_HINT } from "@/lib/identity/messages";
import { assertSameOrigin, isRefusal, isUnsafeMethod, readJson, readQuery, readText, refusalResponse, route, type RouteContext } from "@/lib/http/route";
import { authorizeK12, type K12Context } from "@/lib/k12/gate";
import type { K12Option } from "@/lib/k12/rules";
import { scopeOf, type InstitutionPermission, type K12Permission, type Permission } from "@/lib/permissions";
import { throttle, type RateLimitRule } from "@/lib/rate-limit";

type Schema = z.ZodType | undefined;
type Parsed<S> = S extends z.ZodType ? z.infer<S> : undefined;

interface InputOptions<B extends Schema, Q extends Schema, P extends Schema> {
  /** The JSON body's schema. */
  body?: B;
  /** Largest body accepted (default 10 kB): a bigger one is a 413 before it is parsed. */
  maxBytes?: number;
  /** Also accept an HTML form post (application/x-www-form-urlencoded), turned into the body's shape. */
  form?: (fields: URLSearchParams) => unknown;
  query?: Q;
  /** The path parameters' schema; a bad one is a 400 (or the handler's own 404). */
  params?: P;
}

interface Input<B extends Schema, Q extends Schema, P extends Schema> {
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
}

/** What the declared audit event records beyond who, where and when; the handler fills it in. */
export interface AuditNote {
  recordCount?: number;
  details?: Prisma.InputJsonObject;
}

interface BaseContext<B extends Schema, Q extends Schema, P extends Schema> extends Input<B, Q, P> {
  request: Request;
  ip: string;
}

/** A signed-in route's context: the user, the parsed input, and the scope its permission grants. */
export type SessionContext<Perm extends Permission | undefined, B extends Schema, Q extends Schema, P extends Schema> = BaseContext<B, Q, P> & {
  user: SessionUser;
  note: AuditNote;
} & (Perm extends InstitutionPermission
    ? { institution: AuthorizedInstitution }
    : Perm extends K12Permission
      ? { k12: K12Context & { current: K12Option } }
      : object);

export interface SessionRouteOptions<Perm extends Permission | undefined, B extends Schema, Q extends Schema, P extends Schema> extends InputOptions<B, Q, P> {
  /** Completes the refusals: "Sign in to <doing>." / "Accept the site terms of use before you <doing>." */
  doing: string;
  /**
   * What the user must be allowed (lib/permissions.ts). Institution permissions act on the
   * institution the request names (see `institution`) or the selected one; K-12 permissions on
   * the organization chosen in the K-12 portal. Omitted: any signed-in user.
   */
  permission?: Perm;
  /**
   * The current terms of use must be accepted first (default true; account settings work
   * before). K-12 routes need the K-12 terms instead: "k12" (the default for K-12 permissions).
   */
  terms?: boolean | "k12";
  /** An expired password must be changed first (default true; only the password change itself works before). */
  passwordCurrent?: boolean;
  /** Refuse cross-site requests (default: for every method that changes something). */
  sameOrigin?: boolean;
  /** Where the request names its institution (default: `institutionId` of the body, else of the query). */
  institution?: (input: Input<B, Q, P>) => string | undefined;
  /** A per-account limit, counted after authorization. */
  rateLimit?: RateLimitRule;
  /** Audited on success: who, the institution or organization, and the handler's note. */
  audit?: AuditAction;
}

type Answer = Response | Refusal;
type Params = Record<string, string | string[]>;

const DEFAULT_MAX_BODY = 10_000;

async function readInput<B extends Schema, Q extends Schema, P extends Schema>(
  request: Request,
  context: RouteContext<Params>,
  options: InputOptions<B, Q, P>,
): Promise<Input<B, Q, P>> {
  const params = options.params ? parseOrThrow(options.params, (await context?.params) ?? {}) : undefined;
  const query = options.query ? readQuery(request, options.query) : undefined;
  let body: unknown;
  if (options.body) {
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY;
    const isForm = (request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded");
    body =
      options.form && isForm
        ? parseOrThrow(options.body, options.form(new URLSearchParams(await readText(request, maxBytes))))
        : await readJson(request, options.body, maxBytes);
  }
  return { body, query, params } as Input<B, Q, P>;
}

function defaultInstitution(input: Input<Schema, Schema, Schema>): string | undefined {
  const named = (value: unknown) => (value as { institutionId?: unknown } | undefined)?.institutionId;
  const id = named(input.body) ?? named(input.query);
  return typeof id === "string" ? id : undefined;
}

function answer(result: Answer): Response {
  return isRefusal(result) ? refusalResponse(result) : result;
}

/**
 * The one wrapper of signed-in route handlers (portal, K-12 portal, account settings), in the
 * order it checks: same origin → signed in (401) → terms (403) → input (400/413) → permission
 * at the institution or organization (403) → rate limit (429) → handler → audit. The handler
 * answers a Response or a Refusal (the mutation's own); errors map through lib/errors.ts.
 */
export function sessionRoute<
  Perm extends Permission | undefined = undefined,
  B extends Schema = undefined,
  Q extends Schema = undefined,
  P extends Schema = undefined,
>(options: SessionRouteOptions<Perm, B, Q, P>, handler: (context: SessionContext<Perm, B, Q, P>) => Promise<Answer>) {
  return route<Params>(async (request, context) => {
    if (options.sameOrigin ?? isUnsafeMethod(request.method)) assertSameOrigin(request);
    const user = await currentUser();
    if (!user) {
      // An unverified account is signed in but may do nothing until its address is confirmed.
      if (await sessionAccount()) throw new AppError("FORBIDDEN", `Confirm your email address before you ${options.doing}: ${VERIFY_HINT}`);
      throw new AppError("UNAUTHENTICATED", `Sign in to ${options.doing}.`);
    }
    if ((options.passwordCurrent ?? true) && isPasswordExpired(user.passwordChangedAt)) {
      throw new AppError("FORBIDDEN", `Your password has expired. Change it before you ${options.doing}.`);
    }
    const terms = options.terms ?? (options.permission && scopeOf(options.permission) === "k12" ? "k12" : true);
    if (terms === "k12" && !user.k12TermsAccepted) {
      throw new AppError("FORBIDDEN", `Accept the AP Score Reports for K-12 Educators terms of use before you ${options.doing}.`);
    }
    if (terms === true && !user.termsAccepted) throw new AppError("FORBIDDEN", `Accept the site terms of use before you ${options.doing}.`);
    const input = await readInput(request, context, options);

    const scope: { institution?: AuthorizedInstitution; k12?: K12Context & { current: K12Option } } = {};
    if (options.permission && scopeOf(options.permission) === "institution") {
      const id = (options.institution ?? defaultInstitution)(input);
      scope.institution = await authorizeInstitution(
        user.id,
        options.permission as InstitutionPermission,
        id ? { id } : { selectedId: user.selectedOrganizationId },
      );
    } else if (options.permission && scopeOf(options.permission) === "k12") {
      scope.k12 = await authorizeK12(user, options.permission as K12Permission);
    } else if (options.permission) {
      throw new Error(`sessionRoute cannot check the account permission ${options.permission}; use adminRoute`);
    }

    if (options.rateLimit) {
      const limited = await throttle(options.rateLimit, user.id);
      if (limited) return refusalResponse(limited);
    }

    const ip = clientIp(request.headers);
    const note: AuditNote = {};
    const result = await handler({ request, ip, user, note, ...input, ...scope } as SessionContext<Perm, B, Q, P>);
    if (options.audit && !isRefusal(result)) {
      await audit({
        actorType: "user",
        actorUserId: user.id,
        actorLabel: user.email,
        action: options.audit,
        organizationId: scope.institution?.id ?? scope.k12?.current.id ?? null,
        recordCount: note.recordCount ?? null,
        ip,
        ...(note.details ? { details: note.details } : {}),
      });
    }
    return answer(result);
  });
}

export interface PublicRouteOptions<B extends Schema, Q extends Schema, P extends Schema> extends InputOptions<B, Q, P> {
  /** Refuse cross-site requests (default: for every method that changes something). */
  sameOrigin?: boolean;
  /** A per-address limit, counted after the input is read. */
  rateLimit?: RateLimitRule;
}

/**
 * The wrapper of the JSON routes used before signing in (sign-in, its MFA step, sign-up,
 * sign-out): the same origin check, input parsing and error mapping, limits per address.
 */
export function publicRoute<B extends Schema = undefined, Q extends Schema = undefined, P extends Schema = undefined>(
  options: PublicRouteOptions<B, Q, P>,
  handler: (context: BaseContext<B, Q, P>) => Promise<Answer>,
) {
  return route<Params>(async (request, context) => {
    if (options.sameOrigin ?? isUnsafeMethod(request.method)) assertSameOrigin(request);
    const input = await readInput(request, context, options);
    const ip = clientIp(request.headers);
    if (options.rateLimit) {
      const limited = await throttle(options.rateLimit, ip);
      if (limited) return refusalResponse(limited);
    }
    return answer(await handler({ request, ip, ...input }));
  });
}
