/**
 * Slow or stalled file downloads (signed URLs are bearer URLs: anyone may open twenty and read
 * nothing) must not take the connections that pages and APIs need, and must give theirs back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { createBulkFile } from "@/lib/bulk/mutations";
import { loadBulkFile } from "@/lib/bulk/queries";
import { bulkFileChunks } from "@/lib/bulk/stream";
import { downloadPool, prisma } from "@/lib/db";
import { releaseScoreReports } from "@/lib/reports/release";
import { makeCollege, makeUser, releaseInputs } from "@/lib/test/factories";
import type { FileDefinition } from "@/lib/bulk/definition";

process.env.DB_POOL_SIZE = "5";
process.env.DOWNLOAD_POOL_SIZE = "4";
process.env.DOWNLOAD_STALL_SECONDS = "2";

useTestDatabase();

const RECORDS = 600; // about 570 kB of TXT: several chunks, so a reader can stop mid-file
let definition: FileDefinition;
const open: AsyncGenerator<Buffer>[] = [];

beforeAll(async () => {
  const institution = await makeCollege("9301");
  const user = await makeUser({ email: "stalled@example.edu" });
  await releaseScoreReports(releaseInputs("9301", RECORDS, new Date(Date.now() - 86_400_000)));
  const result = await createBulkFile({
    userId: user.id,
    institution,
    channel: "PORTAL",
    type: "FULL",
    format: "TXT",
    withoutBase: "refuse",
    refuseEmpty: false,
  });
  if (!result.ok) throw new Error(result.message);
  definition = (await loadBulkFile(result.file.id))!.definition;
});

afterAll(async () => {
  await Promise.all(open.map((g) => g.return(undefined).catch(() => {})));
});

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`not done within ${ms} ms`)), ms))]);
}

describe("stalled downloads", () => {
  it("leave the request pool alone, give their connections back after DOWNLOAD_STALL_SECONDS, and let a reading client finish", async () => {
    // Twenty downloads that read their first chunk and then nothing more.
    const firstChunks = Array.from({ length: 20 }, () => {
      const download = bulkFileChunks(definition, "TXT");
      open.push(download);
      return download.next();
    });
    await Promise.all(firstChunks.slice(0, 4));
    expect(downloadPool().totalCount).toBe(4);

    // Meanwhile the dashboard's and API's queries (more of them than the request pool holds) answer at once.
    const started = Date.now();
    await within(Promise.all(Array.from({ length: 30 }, () => prisma.scoreReport.count())), 1500);
    expect(Date.now() - started).toBeLessThan(1500);

    // Stalled readers lose their connection after the stall limit, so those waiting get one in
    // turn (or, after waiting DOWNLOAD_WAIT_SECONDS for one, are refused as busy): none waits forever.
    const outcomes = await within(Promise.allSettled(firstChunks), 30_000);
    expect(outcomes.filter((o) => o.status === "fulfilled").length).toBeGreaterThanOrEqual(8);
    for (const o of outcomes) if (o.status === "rejected") expect(String(o.reason)).toMatch(/Too many file downloads/);
    await expect(open[0]!.next()).rejects.toThrow(/stalled/);
    expect(downloadPool().totalCount).toBeLessThanOrEqual(4);

    // A client that keeps reading gets the whole file.
    let bytes = 0;
    for await (const chunk of bulkFileChunks(definition, "TXT")) bytes += chunk.length;
    expect(bytes).toBe(RECORDS * 952);
  }, 60_000);
});
