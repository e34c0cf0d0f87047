import { beforeEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeUser } from "@/lib/test/factories";
import { prisma } from "@/lib/db";

// The gate is server-only and reads the session from Auth.js; here the session is whatever
// `session` holds, and the terms version can be bumped mid-test as a release would.
const state = vi.hoisted(() => ({ session: null as null | { user: { id: string }; sessionVersion: number }, version: "" }));
vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/nextauth", () => ({ auth: async () => state.session }));
vi.mock("@/lib/accounts/constants", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/accounts/constants")>();
  state.version = original.CURRENT_TERMS_VERSION;
  return {
    ...original,
    get CURRENT_TERMS_VERSION() {
      return state.version;
    },
  };
});

const { currentUser, requirePortalUser } = await import("@/lib/auth/gate");
const { acceptTerms } = await import("@/lib/accounts/mutations");
const { CURRENT_TERMS_VERSION } = await import("@/lib/accounts/constants");

useTestDatabase();

async function signedInUser() {
  const user = await makeUser();
  state.session = { user: { id: user.id }, sessionVersion: 0 };
  return user;
}

async function redirectOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    const digest = String((error as { digest?: unknown }).digest ?? "");
    if (!digest.startsWith("NEXT_REDIRECT")) throw error;
    return digest.split(";")[2] ?? "";
  }
}

describe("terms of use", () => {
  const released = CURRENT_TERMS_VERSION;
  beforeEach(() => {
    state.version = released;
  });

  it("records acceptance with its time and version, once", async () => {
    const user = await signedInUser();
    expect(await redirectOf(requirePortalUser())).toBe("/terms");
    const before = Date.now();
    await acceptTerms(user.id, released, "192.0.2.5");
    await acceptTerms(user.id, released, "192.0.2.6");
    const rows = await prisma.termsAcceptance.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ version: released, ip: "192.0.2.5" });
    expect(rows[0]!.acceptedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await prisma.auditEvent.count({ where: { actorUserId: user.id, action: "terms.accepted" } })).toBe(1);
    expect((await currentUser())?.termsAccepted).toBe(true);
    expect(await redirectOf(requirePortalUser())).toBeNull();
  });

  it("asks again when a new version is released, and keeps the earlier acceptance on record", async () => {
    const user = await signedInUser();
    await acceptTerms(user.id, released, "192.0.2.7");
    expect((await currentUser())?.termsAccepted).toBe(true);

    state.version = "2099-01-01";
    expect((await currentUser())?.termsAccepted).toBe(false);
    expect(await redirectOf(requirePortalUser())).toBe("/terms");

    await acceptTerms(user.id, "2099-01-01", "192.0.2.8");
    expect((await currentUser())?.termsAccepted).toBe(true);
    const versions = (await prisma.termsAcceptance.findMany({ where: { userId: user.id }, orderBy: { acceptedAt: "asc" } })).map((r) => r.version);
    expect(versions).toEqual([released, "2099-01-01"]);
  });
});
