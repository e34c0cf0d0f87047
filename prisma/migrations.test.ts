import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");

function prisma(args: string[]) {
  return spawnSync(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), ...args], {
    cwd: ROOT,
    // The offline schema engine replays the migrations into a temporary shadow database here.
    env: { ...process.env, DATABASE_URL: inject("testDatabaseAdminUrl"), PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
}

describe("migrations", () => {
  it("agree with prisma/schema.prisma (no drift)", () => {
    const result = prisma(["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"]);
    expect(result.stderr + result.stdout).not.toMatch(/Error/);
    // --exit-code: 0 = no difference, 2 = the schema and migrations differ.
    expect(result.status, result.stdout).toBe(0);
  });
});
