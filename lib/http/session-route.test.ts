/**
 * sessionRoute and publicRoute as route handlers with real Requests against a real database:
 * the order of their checks, the statuses from lib/errors.ts, declared rate limits and audits.
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { NextResponse } from "next/server";
import { z } from "zod";
import type { SessionUser } from "@/lib/auth/gate";

vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/nextauth", () => ({ auth: async () => null }));
let signedIn: SessionUser | null = null;
vi.mock("@/lib/auth/gate", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/gate")>()),
  currentUser: async () => signedIn,
}));

const { sessionRoute, publicRoute } = await import("@/lib/http/session-route");
const { refusal } = await import("@/lib/errors");
const { useTestDatabase } = await import("@/lib/test/db");
const { makeCollege, makeUser, addMembership } = await import("@/lib/test/factories");
const { prisma } = await import("@/lib/db");

useTestDatabase();

const BASE = "http://portal.test";
const ctx = { params: Promise.resolve({}) };
let member: SessionUser;
let institutionId: string;
let otherInstitutionId: string;

function sessionUser(id: string, email: string): SessionUser {
  return {
    id,
    email,
    firstName: "T",
    lastName: "U",
    role: "USER",
    mfaEnabled: false,
    termsAccepted: true,
    k12TermsAccepted: false,
    selectedOrganizationId: null,
    passwordChangedAt: new Date(),
    emailVerified: true,
  };
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", host: "portal.test", ...headers },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  const college = await makeCollege("9301", { name: "Wrapper College" });
  const other = await makeCollege("9302", { name: "Other College" });
  institutionId = college.id;
  otherInstitutionId = other.id;
  const user = await makeUser({ email: "wrapper@example.edu" });
  await addMembership(user.id, college);
  member = sessionUser(user.id, user.email);
});

beforeEach(() => {
  signedIn = member;
});

describe("sessionRoute", () => {
  const Body = z.object({ institutionId: z.uuid("Choose an institution."), name: z.string().min(1, "Enter a name.") });
  const handler = sessionRoute({ doing: "try the wrapper", permission: "bulk:download", body: Body }, async ({ institution, body }) =>
    NextResponse.json({ institution: institution.diCode, name: body.name }),
  );

  it("answers 401 signed out and 403 before the terms, in the route's words", async () => {
    signedIn = null;
    const out = await handler(post("/api/t", { institutionId, name: "x" }), ctx);
    expect(out.status).toBe(401);
    expect((await out.json()).error.message).toBe("Sign in to try the wrapper.");
    signedIn = { ...member, termsAccepted: false };
    const terms = await handler(post("/api/t", { institutionId, name: "x" }), ctx);
    expect(terms.status).toBe(403);
    expect((await terms.json()).error.message).toBe("Accept the site terms of use before you try the wrapper.");
    const settings = sessionRoute({ doing: "change settings", terms: false }, async () => NextResponse.json({ ok: true }));
    expect((await settings(post("/api/t", {}), ctx)).status).toBe(200);
  });

  it("refuses cross-site posts before anything else, but not reads", async () => {
    signedIn = null;
    expect((await handler(post("/api/t", {}, { origin: "https://evil.example" }), ctx)).status).toBe(403);
    const read = sessionRoute({ doing: "read" }, async () => NextResponse.json({ ok: true }));
    signedIn = member;
    expect((await read(new Request(`${BASE}/api/t`, { headers: { origin: "https://evil.example", host: "portal.test" } }), ctx)).status).toBe(200);
  });

  it("checks the input (400 naming the field), then the institution the request names (403)", async () => {
    const bad = await handler(post("/api/t", { institutionId, name: "" }), ctx);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ field: "name", message: "name: Enter a name." });
    expect((await handler(post("/api/t", { institutionId: otherInstitutionId, name: "x" }), ctx)).status).toBe(403);
    const ok = await handler(post("/api/t", { institutionId, name: "x" }), ctx);
    expect(await ok.json()).toEqual({ institution: "9301", name: "x" });
  });

  it("answers a returned Refusal with the status of its code, and Retry-After", async () => {
    const refusing = sessionRoute({ doing: "refuse" }, async () => refusal("LOCKED", "Locked for a while.", { retryAfterSeconds: 42, field: "code" }));
    const response = await refusing(post("/api/t", {}), ctx);
    expect(response.status).toBe(423);
    expect(response.headers.get("retry-after")).toBe("42");
    expect(await response.json()).toEqual({ error: { code: "LOCKED", message: "Locked for a while.", field: "code" } });
  });

  it("applies the declared per-account rate limit after authorization", async () => {
    const limited = sessionRoute(
      { doing: "count", permission: "bulk:download", rateLimit: { name: "wrapper-test", limit: 2, windowSeconds: 3600, message: "Slow down." } },
      async () => NextResponse.json({ ok: true }),
    );
    expect((await limited(post("/api/t", {}), ctx)).status).toBe(200);
    expect((await limited(post("/api/t", {}), ctx)).status).toBe(200);
    const third = await limited(post("/api/t", {}), ctx);
    expect(third.status).toBe(429);
    expect(Number(third.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await third.json()).error.message).toBe("Slow down.");
  });

  it("writes the declared audit event with the handler's note, and none for a refusal", async () => {
    const audited = sessionRoute({ doing: "export", permission: "activity:view", audit: "activity.exported" }, async ({ note, request }) => {
      if (new URL(request.url).searchParams.has("refuse")) return refusal("NOT_FOUND", "Nothing here.");
      note.recordCount = 7;
      note.details = { filter: { q: "x" } };
      return new Response("ok");
    });
    expect((await audited(new Request(`${BASE}/api/t?refuse=1`), ctx)).status).toBe(404);
    expect((await audited(new Request(`${BASE}/api/t`, { headers: { "x-ap-client-address": "192.0.2.44" } }), ctx)).status).toBe(200);
    const events = await prisma.auditEvent.findMany({ where: { action: "activity.exported", actorUserId: member.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId: institutionId,
      recordCount: 7,
      actorLabel: member.email,
      ip: "192.0.2.44",
      details: { filter: { q: "x" } },
    });
  });
});

describe("publicRoute", () => {
  it("limits per address after reading the input", async () => {
    const route = publicRoute(
      { body: z.object({ email: z.email("Enter an email.") }), rateLimit: { name: "public-test", limit: 1, windowSeconds: 3600, message: "Too many." } },
      async ({ body }) => NextResponse.json({ email: body.email }),
    );
    const from = (ip: string, body: unknown) => post("/api/p", body, { "x-ap-client-address": ip });
    expect((await route(from("192.0.2.1", { email: "nope" }), ctx)).status).toBe(400);
    expect((await route(from("192.0.2.1", { email: "a@example.edu" }), ctx)).status).toBe(200);
    expect((await route(from("192.0.2.1", { email: "a@example.edu" }), ctx)).status).toBe(429);
    expect((await route(from("192.0.2.2", { email: "a@example.edu" }), ctx)).status).toBe(200);
  });
});
