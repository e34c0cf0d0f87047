/**
 * The page gate: while the database is up, pages never wait for it; once a request has failed
 * because it is unreachable, pages get the 503 page (with Retry-After) until a probe finds it
 * back; failures that are not about reachability never close the pages.
 */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { closeDb } from "@/lib/db";
import { databaseUnavailablePage, noteDatabaseError, pagesMayQueryDatabase } from "@/lib/http/database-gate";

process.env.RETRY_AFTER_SECONDS = "9";
const getDb = useTestDatabase();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });

const AWAY = "postgresql://postgres:postgres@127.0.0.1:9/nowhere"; // nothing listens on port 9 (discard) here

describe("pages while the database is away", () => {
  it("close after an unreachable-database failure, stay closed while probes fail, and reopen once it answers", async () => {
    expect(await pagesMayQueryDatabase()).toBe(true);
    // A failure that is not about reachability (a bug, a constraint) never closes the pages.
    noteDatabaseError(new Error("duplicate key value violates unique constraint"));
    await sleep(300);
    expect(await pagesMayQueryDatabase()).toBe(true);

    await closeDb();
    process.env.DATABASE_URL = AWAY;
    noteDatabaseError(refused);
    expect(await pagesMayQueryDatabase()).toBe(false);
    await sleep(1100);
    // The probe itself fails: still closed.
    expect(await pagesMayQueryDatabase()).toBe(false);

    await closeDb();
    process.env.DATABASE_URL = getDb().url;
    await sleep(1100);
    expect(await pagesMayQueryDatabase()).toBe(true);
    expect(await pagesMayQueryDatabase()).toBe(true);
  }, 30_000);

  it("answers browsers a 503 page with Retry-After that reloads itself", async () => {
    const page = databaseUnavailablePage();
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("9");
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("its database cannot be reached");
    expect(html).toContain('http-equiv="refresh" content="9"');
  });
});
