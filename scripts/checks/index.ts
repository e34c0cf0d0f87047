/**
 * The guard-rails: type check, lint, format, folder structure, import boundaries and
 * copy-paste detection. `npm run check` runs them; `npm test` runs them first and counts each
 * as one test in its "N passed, N failed" line.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { boundaryProblems, importsOf, staleBackEdges } from "./boundaries";
import { ROOT, sourceFiles } from "./files";
import { structureProblems } from "./structure";

/**
 * Lint (ESLint) and format (Prettier) are enforced once the code base has been through
 * `npm run fix` (the one mechanical reformat, done when no branch is in flight). Until then
 * they run only on demand (`npm run lint`, `npm run format:check`) and npm test reports them
 * as skipped. Flipping this to true is the whole switch.
 */
export const STYLE_ENFORCED = true;

export interface CheckResult {
  name: string;
  /** null: not run (a style check before STYLE_ENFORCED). */
  ok: boolean | null;
  seconds: number;
}

function run(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, command), ...args], { cwd: ROOT, stdio: "inherit" });
    child.on("exit", (code) => resolve(code === 0));
    child.on("error", () => resolve(false));
  });
}

function report(problems: string[], ok: string): boolean {
  if (problems.length) process.stderr.write(`${problems.map((p) => `  ${p}`).join("\n")}\n`);
  else process.stdout.write(`${ok}\n`);
  return problems.length === 0;
}

const CHECKS: Array<{ name: string; style?: true; run: () => Promise<boolean> }> = [
  { name: "typecheck (tsc --noEmit)", run: () => run("node_modules/typescript/bin/tsc", ["--noEmit"]) },
  { name: "lint (eslint)", style: true, run: () => run("node_modules/eslint/bin/eslint.js", ["--max-warnings", "0", "."]) },
  {
    name: "format (prettier)",
    style: true,
    run: () => run("node_modules/prettier/bin/prettier.cjs", ["--check", "--log-level", "warn", "**/*.{ts,tsx,mts,cts,mjs,cjs,css}"]),
  },
  {
    name: "structure (lib/ vocabulary)",
    run: async () => {
      const { problems, stale } = structureProblems(sourceFiles());
      for (const s of stale) process.stdout.write(`  warning: ${s} is gone: remove it from GRANDFATHERED in scripts/checks/structure.ts\n`);
      return report(problems, "  lib/ folders and route folders use the fixed file vocabulary");
    },
  },
  {
    name: "import boundaries",
    run: async () => {
      const edges = importsOf(sourceFiles());
      for (const s of staleBackEdges(edges)) process.stdout.write(`  warning: ${s} is gone: remove it from KNOWN_BACK_EDGES in scripts/checks/boundaries.ts\n`);
      return report(boundaryProblems(edges), "  no forbidden imports, no cycles between lib/ folders");
    },
  },
  { name: "copy-paste (jscpd)", run: () => run("node_modules/jscpd/bin/jscpd", ["--silent", "app", "components", "lib", "scripts", "prisma", "e2e"]) },
];

export async function runChecks(say: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of CHECKS) {
    if (check.style && !STYLE_ENFORCED) {
      say(`[check] ${check.name}: skipped (not enforced until the mechanical reformat: STYLE_ENFORCED in scripts/checks/index.ts)`);
      results.push({ name: check.name, ok: null, seconds: 0 });
      continue;
    }
    say(`[check] ${check.name}…`);
    const started = performance.now();
    const ok = await check.run();
    const seconds = (performance.now() - started) / 1000;
    results.push({ name: check.name, ok, seconds });
    say(`[check] ${check.name}: ${ok ? "passed" : "FAILED"} (${seconds.toFixed(1)} s)`);
  }
  return results;
}

if (import.meta.filename === process.argv[1]) {
  runChecks().then((results) => {
    const failed = results.filter((r) => r.ok === false).length;
    const passed = results.filter((r) => r.ok === true).length;
    const skipped = results.length - passed - failed;
    const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
    process.stdout.write(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""} (${seconds.toFixed(1)} s)\n`);
    process.exit(failed ? 1 : 0);
  });
}
