/** The repository's own source files, for the checks (git's view: tracked and new, not ignored). */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export function sourceFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" });
  return out
    .split("\n")
    .filter((f) => /\.(ts|tsx|mts|cts|mjs|cjs)$/.test(f) && !f.startsWith("lib/generated/") && fs.existsSync(path.join(ROOT, f)))
    .sort();
}

export function isTest(file: string): boolean {
  return /\.(test|spec)\.tsx?$/.test(file) || file.startsWith("e2e/");
}
