import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { prisma } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/gate";
import { releaseScoreReports } from "@/lib/reports/release";
import type { ReleaseInput } from "@/lib/reports/schema";
import { makeCollege, makeUser, releaseInput, sessionUserFor } from "@/lib/test/factories";
import { NO_BASE_MESSAGE, NOTHING_NEW_MESSAGE } from "@/lib/bulk/mutations";
import { zonedIsoDate, addDays } from "@/lib/dates";

// The gate reads the next-auth session; these tests stand in a signed-in user instead.
vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/nextauth", () => ({ auth: async () => null }));
let signedIn: SessionUser | null = null;
vi.mock("@/lib/auth/gate", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/gate")>()),
  currentUser: async () => signedIn,
}));

const { POST } = await import("@/app/api/bulk/files/route");
const { GET } = await import("@/app/api/bulk/files/[id]/download/route");

useTestDatabase();

const BASE = "http://portal.test";
let user: SessionUser;
let stranger: SessionUser;
let institutionId: string;
let otherInstitutionId: string;

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const request = new Request(`${BASE}/api/bulk/files`, {
    method: "POST",
    headers: { "Content-Type": "application/json", host: "portal.test", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return POST(request, { params: Promise.resolve({}) });
}

function download(id: string): Promise<Response> {
  return GET(new Request(`${BASE}/api/bulk/files/${id}/download`), { params: Promise.resolve({ id }) });
}

async function errorOf(response: Response): Promise<{ message: string; field?: string }> {
  return ((await response.json()) as { error: { message: string; field?: string } }).error;
}

function report(diCode: string, apId: string): ReleaseInput {
  return releaseInput(diCode, { apId, firstName: "Route", lastName: "Test" }, { score: 5 });
}

async function fileCount(): Promise<number> {
  return prisma.bulkFile.count();
}

describe("POST /api/bulk/files and GET /api/bulk/files/{id}/download", () => {
  beforeAll(async () => {
    const org = await makeCollege("9101", { name: "Route College" });
    const other = await makeCollege("9102", { name: "Other College" });
    institutionId = org.id;
    otherInstitutionId = other.id;
    const make = (email: string) => makeUser({ email, firstName: "A", lastName: "B" });
    const [a, b] = await Promise.all([make("route-a@example.edu"), make("route-b@example.edu")]);
    await prisma.membership.create({ data: { userId: a.id, organizationId: org.id, role: "HED_ADMIN", position: "APOSRD HED Admin" } });
    await prisma.membership.create({ data: { userId: b.id, organizationId: org.id, role: "HED_ADMIN", position: "APOSRD HED Admin" } });
    user = sessionUserFor(a);
    stranger = sessionUserFor(b);
    await releaseScoreReports([report("9101", "RTAAAAA1"), report("9101", "RTAAAAA2"), report("9101", "RTAAAAA3"), report("9102", "RTBBBBB1")]);
  });

  beforeEach(() => {
    signedIn = user;
  });

  it("answers 401 without a session and 403 before the terms are accepted", async () => {
    signedIn = null;
    expect((await post({ format: "TXT", type: "FULL" })).status).toBe(401);
    expect((await download("1")).status).toBe(401);
    signedIn = { ...user, termsAccepted: false };
    expect((await post({ format: "TXT", type: "FULL" })).status).toBe(403);
  });

  it("refuses bad input with a 400 naming the field, and creates nothing", async () => {
    const today = zonedIsoDate(new Date());
    const cases: [unknown, string][] = [
      ["{not json", "_"],
      [{ format: "PDF", type: "FULL" }, "format"],
      [{ format: "TXT", type: "EVERYTHING" }, "type"],
      [{ format: "TXT", type: "CUSTOM", start: "2025-02-30", end: "2025-03-01" }, "start"],
      [{ format: "TXT", type: "CUSTOM", start: "2025-08-02", end: "2025-08-01" }, "end"],
      [{ format: "TXT", type: "CUSTOM", start: today, end: addDays(today, 3) }, "end"],
      // Before the retention window (July 1 two years ago): refused by the engine's customRangeBounds.
      [{ format: "CSV", type: "CUSTOM", start: "2001-07-01", end: today }, "start"],
      [{ format: "TXT", type: "FULL", institutionId: "not-a-uuid" }, "institutionId"],
    ];
    for (const [body, field] of cases) {
      const response = await post(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const error = await errorOf(response);
      expect(error.message.length).toBeGreaterThan(10);
      if (field !== "_") expect(error.field).toBe(field);
    }
    expect(await fileCount()).toBe(0);
  });

  it("refuses an institution the user is not enrolled at (403) and cross-site posts", async () => {
    expect((await post({ format: "TXT", type: "FULL", institutionId: otherInstitutionId })).status).toBe(403);
    expect((await post({ format: "TXT", type: "FULL" }, { origin: "https://evil.example" })).status).toBe(403);
    expect(await fileCount()).toBe(0);
  });

  it("refuses the incremental file before the first full file (409, says why)", async () => {
    const response = await post({ format: "TXT", type: "INCREMENTAL", institutionId });
    expect(response.status).toBe(409);
    expect((await errorOf(response)).message).toBe(NO_BASE_MESSAGE);
    expect(await fileCount()).toBe(0);
  });

  it("creates a full file, streams it to its owner only, and logs it once served", async () => {
    const created = await post({ format: "TXT", type: "FULL", institutionId });
    expect(created.status).toBe(201);
    const file = (await created.json()) as { id: string; fileName: string; recordCount: number; downloadUrl: string };
    expect(file.recordCount).toBe(3);
    expect(file.fileName).toMatch(/^AP_9101_\d{8}T\d{6}Z_full\.txt$/);
    expect(file.downloadUrl).toBe(`/api/bulk/files/${file.id}/download`);

    signedIn = stranger;
    expect((await download(file.id)).status).toBe(404);
    signedIn = user;
    expect((await download("999999")).status).toBe(404);
    expect((await download("abc")).status).toBe(404);

    const response = await download(file.id);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${file.fileName}"`);
    expect(response.headers.get("content-length")).toBe(String(3 * 952));
    const text = await response.text();
    expect(text.length).toBe(3 * 952);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines.map((l) => l.slice(0, 8)).sort()).toEqual(["RTAAAAA1", "RTAAAAA2", "RTAAAAA3"]);

    const stored = await prisma.bulkFile.findUniqueOrThrow({ where: { id: BigInt(file.id) } });
    expect(stored.loggedAt).not.toBeNull();
    const events = await prisma.auditEvent.findMany({ where: { action: "bulk-file.downloaded", actorUserId: user.id } });
    expect(events.map((e) => e.recordCount)).toEqual([3]);

    // Served in full, the full file is the watermark: nothing is new now.
    const incremental = await post({ format: "CSV", type: "INCREMENTAL", institutionId });
    expect(incremental.status).toBe(409);
    expect((await errorOf(incremental)).message).toBe(NOTHING_NEW_MESSAGE);
  });

  it("serves CSV with a header row and quoted values, without Content-Length", async () => {
    const created = await post({ format: "CSV", type: "CUSTOM", institutionId, start: zonedIsoDate(new Date()), end: zonedIsoDate(new Date()) });
    expect(created.status).toBe(201);
    const file = (await created.json()) as { id: string; fileName: string; recordCount: number };
    expect(file.fileName).toMatch(/_custom\.csv$/);
    const response = await download(file.id);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-length")).toBeNull();
    const rows = (await response.text()).split("\r\n").filter(Boolean);
    expect(rows[0]).toMatch(/^"AP ID","Last Name",/);
    expect(rows).toHaveLength(1 + file.recordCount);
    expect(rows.slice(1).every((r) => r.startsWith('"RTAAAAA'))).toBe(true);
  });
});
