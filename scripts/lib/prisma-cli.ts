import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./postgres";

/** Runs the project's Prisma CLI (with the offline schema engine) against `databaseUrl`. */
export function prismaCli(args: string[], databaseUrl: string, opts: { quiet?: boolean } = {}): string {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (result.status !== 0) {
    throw new Error(`prisma ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  if (!opts.quiet) process.stdout.write(result.stdout);
  return result.stdout;
}

export function migrateDeploy(databaseUrl: string, opts: { quiet?: boolean } = {}): void {
  prismaCli(["migrate", "deploy"], databaseUrl, opts);
}
