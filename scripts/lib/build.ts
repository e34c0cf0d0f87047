import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./postgres";

/** Newest modification time of what goes into a production build (tests excluded). */
function newestSourceTime(root: string): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "test" && entry.name !== "generated") walk(full);
      } else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  };
  for (const dir of ["app", "components", "lib", "public"]) walk(path.join(root, dir));
  for (const file of ["next.config.ts", "package.json", "postcss.config.mjs", "proxy.ts", "instrumentation.ts"]) {
    const full = path.join(root, file);
    if (fs.existsSync(full)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether .next holds a build at least as new as every source that goes into it. */
export function buildIsCurrent(root = ROOT): boolean {
  const buildId = path.join(root, ".next/BUILD_ID");
  return fs.existsSync(buildId) && fs.statSync(buildId).mtimeMs >= newestSourceTime(root);
}

/**
 * Dates a finished build at the moment it started (`startedAt`, ms since the epoch). It read the
 * sources as they were then: a source saved while it ran is newer, so the build is not current.
 * Without this the build would count as newer than an edit it never saw.
 */
export function dateBuild(startedAt: number, root = ROOT): void {
  const seconds = startedAt / 1000;
  fs.utimesSync(path.join(root, ".next/BUILD_ID"), seconds, seconds);
}

export const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

/**
 * Runs `next build` through `run` (given node's arguments, it runs them the caller's way and
 * answers the exit code) and, when it succeeds, dates the build at its start. Every place that
 * builds goes through here.
 */
export async function nextBuild(run: (nodeArgs: string[]) => number | Promise<number>): Promise<number> {
  const startedAt = Date.now();
  const code = await run([NEXT_BIN, "build"]);
  if (code === 0) dateBuild(startedAt);
  return code;
}
