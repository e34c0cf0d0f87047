/**
 * When every download connection is taken, a new download is refused at once with 503 +
 * Retry-After (portal and web service alike) instead of answering 200 and then hanging or
 * breaking off; and a download response that is never read, or is cancelled before its first
 * read, gives its connection back.
 */
import type { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import type { SessionUser } from "@/lib/auth/gate";
import { createBulkFile } from "@/lib/bulk/mutations";
import { loadBulkFile } from "@/lib/bulk/queries";
import { openBulkFile } from "@/lib/bulk/stream";
import { downloadPool } from "@/lib/db";
import { releaseScoreReports } from "@/lib/reports/release";
import { signDownloadUrl } from "@/lib/web-service/rules";
import { createCollege, createMember, releaseInputs, sessionUserFor } from "@/lib/test/factories";
import type { FileDefinition } from "@/lib/bulk/definition";

vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/nextauth", () => ({ auth: async () => null }));
let signedIn: SessionUser | null = null;
vi.mock("@/lib/auth/gate", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/gate")>()),
  currentUser: async () => signedIn,
}));

process.env.DOWNLOAD_POOL_SIZE = "2";
process.env.DOWNLOAD_WAIT_SECONDS = "1";
process.env.DOWNLOAD_STALL_SECONDS = "30";
process.env.RETRY_AFTER_SECONDS = "7";

const { GET: portalDownload } = await import("@/app/api/bulk/files/[id]/download/route");
const { GET: signedDownload } = await import("@/app/aposrd-api-prod/files/[downloadId]/[fileName]/route");

useTestDatabase();

const RECORDS = 600; // several chunks: a reader can stop mid-file
const ORIGIN = "http://portal.test";
let portalFileId: string;
let webFile: { id: string; fileName: string };
let definition: FileDefinition;
const held: Readable[] = [];

beforeAll(async () => {
  const institution = await createCollege("Busy College");
  const member = await createMember(institution);
  await releaseScoreReports(releaseInputs(institution.diCode, RECORDS, new Date(Date.now() - 86_400_000)));
  const make = async (channel: "PORTAL" | "WEB_SERVICE") => {
    const result = await createBulkFile({ userId: member.id, institution, channel, type: "FULL", format: "TXT", withoutBase: "refuse", refuseEmpty: false });
    if (!result.ok) throw new Error(result.message);
    return result.file;
  };
  const portal = await make("PORTAL");
  portalFileId = portal.id;
  const web = await make("WEB_SERVICE");
  webFile = { id: web.id, fileName: web.fileName };
  definition = (await loadBulkFile(portal.id))!.definition;
  signedIn = sessionUserFor(member);
});

afterAll(() => {
  for (const r of held) r.destroy();
});

const portalGet = () => portalDownload(new Request(`${ORIGIN}/api/bulk/files/${portalFileId}/download`), { params: Promise.resolve({ id: portalFileId }) });
const signedGet = () => {
  const url = signDownloadUrl(ORIGIN, webFile.id, webFile.fileName).url;
  return signedDownload(new Request(url), { params: Promise.resolve({ downloadId: webFile.id, fileName: encodeURIComponent(webFile.fileName) }) });
};

async function waitUntil(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("downloads when every download connection is busy", () => {
  it("are refused with 503 + Retry-After on the portal and the pre-signed URL, then served once a connection is free", async () => {
    // Two slow readers hold both download connections.
    for (let i = 0; i < 2; i++) {
      const stream = await openBulkFile(definition, "TXT");
      held.push(stream);
      await new Promise((resolve) => stream.once("readable", resolve));
    }
    expect(downloadPool().totalCount).toBe(2);

    const started = Date.now();
    const portal = await portalGet();
    expect(portal.status).toBe(503);
    expect(portal.headers.get("retry-after")).toBe("7");
    expect(((await portal.json()) as { error: { message: string } }).error.message).toMatch(/Too many file downloads/);
    // It waited DOWNLOAD_WAIT_SECONDS for a connection, not forever.
    expect(Date.now() - started).toBeLessThan(10_000);

    const web = await signedGet();
    expect(web.status).toBe(503);
    expect(web.headers.get("retry-after")).toBe("7");
    expect(await web.text()).toContain("<Code>SlowDown</Code>");

    // A reader that goes away frees its connection; the next download is served in full.
    held.shift()!.destroy();
    const served = await portalGet();
    expect(served.status).toBe(200);
    expect((await served.arrayBuffer()).byteLength).toBe(RECORDS * 952);
  }, 60_000);

  it("gives the connection back when a response is cancelled before its first read, or never read at all", async () => {
    for (const r of held.splice(0)) r.destroy();
    await waitUntil(() => downloadPool().totalCount - downloadPool().idleCount === 0, 5000);

    const cancelled = await portalGet();
    expect(cancelled.status).toBe(200);
    expect(downloadPool().totalCount - downloadPool().idleCount).toBe(1);
    await cancelled.body!.cancel();
    await waitUntil(() => downloadPool().totalCount - downloadPool().idleCount === 0, 5000);

    process.env.DOWNLOAD_STALL_SECONDS = "1";
    const ignored = await signedGet();
    expect(ignored.status).toBe(200);
    expect(downloadPool().totalCount - downloadPool().idleCount).toBe(1);
    // Nobody reads it: after DOWNLOAD_STALL_SECONDS its connection is discarded.
    await waitUntil(() => downloadPool().totalCount - downloadPool().idleCount === 0, 10_000);
  }, 60_000);
});
