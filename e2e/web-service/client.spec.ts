import { execFile } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "../fixtures";
import { freshReports, recordsOf, release, webServiceAccount } from "./world";

const run = promisify(execFile);
// Playwright runs from the project root (npm test).
const CLIENT = path.join(process.cwd(), "e2e/web-service/client.mjs");

test("an institution's plain-fetch script runs the whole flow, then finds nothing new, then only the new reports", async ({ page, request, baseURL }) => {
  const { user, institution } = await webServiceAccount(page);
  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), "ws-client-"));
  const script = async (format: "TXT" | "CSV") => {
    const { stdout } = await run(process.execPath, [CLIENT], {
      env: { ...process.env, BASE_URL: baseURL!, EMAIL: user.email, PASSWORD: user.password, DI_CODE: institution.diCode, FORMAT: format, OUT_DIR: outDir },
    });
    return JSON.parse(stdout.trim()) as { outcome: string; file?: string };
  };
  try {
    const first = freshReports(4);
    await release(request, institution.diCode, first);
    const one = await script("TXT");
    expect(one.outcome).toBe("downloaded");
    expect([...recordsOf(await fs.readFile(one.file!, "latin1"), "TXT").keys()].sort()).toEqual(first.map((r) => r.apId).sort());

    expect((await script("TXT")).outcome).toBe("nothing-new");

    const later = freshReports(2);
    await release(request, institution.diCode, later);
    const two = await script("CSV");
    expect(two.outcome).toBe("downloaded");
    expect([...recordsOf(await fs.readFile(two.file!, "utf8"), "CSV").keys()].sort()).toEqual(later.map((r) => r.apId).sort());
    expect((await script("CSV")).outcome).toBe("nothing-new");
  } finally {
    await fs.rm(outDir, { recursive: true, force: true });
  }
});
