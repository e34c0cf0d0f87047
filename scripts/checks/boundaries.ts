/**
 * Import boundaries (STYLE.md "Where logic lives"): app/ and components/ never open the
 * database; lib/ never reaches into app/, scripts/ or prisma/ (except tests, which may use the
 * factories); only tests use lib/test; and lib/'s folders form no cycle. Exits non-zero with
 * every offending import.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { ROOT, isTest, sourceFiles } from "./files";

export interface ImportEdge {
  from: string;
  to: string;
}

const EXTENSIONS = ["", ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", "/index.ts", "/index.tsx"];

/** The repository file an import names, or null for packages and files that do not exist. */
function resolve(from: string, specifier: string, exists: (file: string) => boolean): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return null;
  for (const ext of EXTENSIONS) if (exists(base + ext)) return base + ext;
  return null;
}

export function importsOf(files: string[], read: (file: string) => string = (f) => fs.readFileSync(path.join(ROOT, f), "utf8")): ImportEdge[] {
  const known = new Set(files);
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const info = ts.preProcessFile(read(from), true, true);
    for (const imported of info.importedFiles) {
      const to = resolve(from, imported.fileName, (f) => known.has(f) || f.startsWith("lib/generated/"));
      if (to) edges.push({ from, to });
    }
  }
  return edges;
}

/**
 * Imports that close a cycle between lib/ folders on main today, each the edge that should be
 * turned around. The cycle check ignores them, so no new cycle can appear; this list only
 * shrinks (an entry whose import is gone is reported, to be deleted).
 */
export const KNOWN_BACK_EDGES: Record<string, string> = {
  "lib/auth/gate.ts -> lib/accounts/constants.ts": "the terms versions; belong with the gate or in a shared constants file",
  "lib/auth/gate.ts -> lib/k12/audience.ts": "who is K-12-only decides the home page; the gate should take it as data",
  "lib/auth/sign-in.ts -> lib/accounts/mutations.ts": "recovery codes and password change at sign-in; sign-in belongs in lib/accounts",
};

const edgeKey = (e: ImportEdge) => `${e.from} -> ${e.to}`;

/** Known back edges whose import no longer exists (delete them from KNOWN_BACK_EDGES). */
export function staleBackEdges(edges: ImportEdge[], known: Record<string, string> = KNOWN_BACK_EDGES): string[] {
  const present = new Set(edges.map(edgeKey));
  return Object.keys(known).filter((k) => !present.has(k));
}

const under = (file: string, ...folders: string[]) => folders.some((f) => file === f || file.startsWith(`${f}/`));
const isDb = (file: string) => file === "lib/db.ts";

/** The lib/ folder (or root file) a file belongs to: the nodes of the cycle check. */
function libUnit(file: string): string | null {
  if (!file.startsWith("lib/") || isTest(file)) return null;
  const parts = file.split("/");
  return parts.length > 2 ? `lib/${parts[1]}` : file;
}

export function boundaryProblems(edges: ImportEdge[], knownBackEdges: Record<string, string> = KNOWN_BACK_EDGES): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const where = `${from} imports ${to}`;
    if (under(from, "app", "components") && !isTest(from) && isDb(to))
      problems.push(`${where}: pages, routes and components reach data through lib/<domain>, never the database client`);
    if (under(from, "components") && under(to, "app")) problems.push(`${where}: shared components do not depend on a route`);
    if (under(from, "lib") && !isTest(from) && under(to, "app", "scripts", "prisma"))
      problems.push(`${where}: lib/ does not depend on app/, scripts/ or prisma/`);
    if (under(to, "lib/test") && !isTest(from) && !under(from, "lib/test")) problems.push(`${where}: test support is for tests only`);
  }
  problems.push(...folderCycles(edges.filter((e) => !knownBackEdges[edgeKey(e)])));
  return problems;
}

/** Cycles between lib/'s folders (Tarjan's strongly connected components). */
export function folderCycles(edges: ImportEdge[]): string[] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = libUnit(from);
    const b = libUnit(to);
    if (!a || !b || a === b || b === "lib/generated") continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)!.add(b);
    if (!graph.has(b)) graph.set(b, new Set());
  }
  let index = 0;
  const stack: string[] = [];
  const onStack = new Set<string>();
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const cycles: string[] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) {
        const members = new Set(component);
        const links = edges.filter((e) => members.has(libUnit(e.from) ?? "") && members.has(libUnit(e.to) ?? "") && libUnit(e.from) !== libUnit(e.to));
        cycles.push(`lib folders import each other in a cycle: ${component.sort().join(" ↔ ")} (${links.map((e) => `${e.from} → ${e.to}`).join("; ")})`);
      }
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return cycles;
}

if (import.meta.filename === process.argv[1]) {
  const files = sourceFiles();
  const edges = importsOf(files);
  for (const s of staleBackEdges(edges)) process.stdout.write(`warning: ${s} is gone: remove it from KNOWN_BACK_EDGES in scripts/checks/boundaries.ts\n`);
  const problems = boundaryProblems(edges);
  if (problems.length) {
    process.stderr.write(`${problems.length} import boundary problem(s):\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
    process.exit(1);
  }
  process.stdout.write(`boundaries: ${files.length} files, no forbidden imports, no cycles between lib/ folders\n`);
}
