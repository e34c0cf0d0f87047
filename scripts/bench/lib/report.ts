/** The benchmark's results: one row per measured quantity, printed as a table and written as JSON and Markdown. */

export type Verdict = "pass" | "miss" | "not run" | "info";

export interface ResultRow {
  /** Scenario name as used by `--only` (e.g. "txt-file"). */
  scenario: string;
  metric: string;
  value: string;
  /** The floor measured in the same run (e.g. psql COPY), when the scenario has one. */
  floor?: string;
  target: string;
  verdict: Verdict;
  /** Why a target was missed, or how the number was obtained when it differs from the brief. */
  note?: string;
  data?: Record<string, unknown>;
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  os: string;
  /** Load average when the run started: the machine may be shared. */
  loadAverage: number[];
}

export interface RunReport {
  mode: "full" | "quick";
  only: string | null;
  startedAt: string;
  durationSeconds: number;
  machine: Machine;
  dataset: Record<string, number | string>;
  results: ResultRow[];
}

const COLUMNS: Array<[keyof ResultRow, string]> = [
  ["scenario", "scenario"],
  ["metric", "metric"],
  ["value", "value"],
  ["floor", "floor"],
  ["target", "target"],
  ["verdict", "verdict"],
];

export function renderTable(rows: readonly ResultRow[]): string {
  const cells = rows.map((r) => COLUMNS.map(([key]) => String(r[key] ?? "")));
  const widths = COLUMNS.map(([, title], i) => Math.max(title.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const out = [line(COLUMNS.map(([, t]) => t)), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)];
  const notes = rows.filter((r) => r.note).map((r) => `  * ${r.scenario} / ${r.metric}: ${r.note}`);
  return `${out.join("\n")}\n${notes.length ? `\nNotes:\n${notes.join("\n")}\n` : ""}`;
}

function md(text: string): string {
  return text.replaceAll("|", "\\|");
}

export function renderMarkdown(report: RunReport): string {
  const m = report.machine;
  const rows = report.results.map(
    (r) =>
      `| ${md(r.scenario)} | ${md(r.metric)} | ${md(r.value)} | ${md(r.floor ?? "")} | ${md(r.target)} | ${r.verdict === "miss" ? "**miss**" : r.verdict} |`,
  );
  const notes = report.results.filter((r) => r.note).map((r) => `- **${md(r.scenario)} — ${md(r.metric)}:** ${md(r.note!)}`);
  const dataset = Object.entries(report.dataset).map(([k, v]) => `- ${k}: ${typeof v === "number" ? v.toLocaleString("en-US") : v}`);
  return `# Benchmarks

Produced by \`npm run bench${report.mode === "quick" ? " -- --quick" : ""}${report.only ? ` -- --only ${report.only}` : ""}\` on ${report.startedAt} (${report.mode} run, ${Math.round(report.durationSeconds)} s in all).
Rerun it with \`npm run bench\` (full size) or \`npm run bench -- --quick\` (smaller data); \`--only <scenario>\` runs one
scenario (or several: \`--only ingest,peak\`), \`--fresh\` regenerates the data. The data lives in its own database — embedded PostgreSQL in
\`.data/pg-bench\` (port \`BENCH_PG_PORT\`, default 54438), or a database named \`ap_bench\` / \`ap_bench_quick\` on the
server of \`DATABASE_URL\` — generated once by the project's generators and reused while the sizes stay the same. The
app runs as a production build (\`next build\` when sources changed, then \`scripts/server.ts\` — as \`npm start\` serves it — on \`BENCH_PORT\`, default 3318).
Each scenario is measured beside its floor in the same run.

## Machine

- CPU: ${m.cpus} cores (${md(m.cpuModel)}), load average at start ${m.loadAverage.map((l) => l.toFixed(2)).join(" / ")}
- Memory: ${m.memoryGiB.toFixed(1)} GiB
- Node ${m.node}, PostgreSQL ${md(m.postgres)}, ${md(m.os)}

## Data

${dataset.join("\n")}

## Results

| scenario | metric | value | floor | target | verdict |
|---|---|---|---|---|---|
${rows.join("\n")}

## Notes

${notes.length ? notes.join("\n") : "- None."}

## The scenarios: what each measures, its floor and its target

Every ratio is measured side by side in one run: the floor runs on the same machine, the same database and the
same rows as the app, right after it. The machine may be shared (the load at start is above): absolute times move
with it, ratios much less. A scenario that misses its target says **miss** in the table and why in the notes.

| scenario | what is timed | floor (same run) | target |
|---|---|---|---|
| txt-file / csv-file | a signed-in registrar's full file of the institution (10,000 and 100,000 reports; quick: 1,000 and 10,000) created and downloaded over HTTP from the production server, request to last byte, median of 3; the server's resident set during the download | \`psql\` running \`COPY (<the same query>) TO STDOUT\` (the query from \`fileRowsQuery(definitionOf(file))\`, parameters inlined: both read the identical rows) | ≤ 1.3× the floor; memory growth < 100 MB |
| lookup | last-name (prefix), date-of-birth and email searches at national scale (\`lookupPdfReports()\`, in-process: one prepared statement with the status counts, the page and the committed audit event), p50 / p95 / p99 of 1,000 | one indexed SELECT of a page and its total finding the same students, sent ad hoc, timed in turns with the lookup (the same SELECT prepared is shown for reference) | p95 ≤ 2× the floor's p95 |
| pdf | 100 students' latest records read and rendered (\`renderScoreReportsPdfBuffer\`), median of 5 | — | < 1 s |
| web-service | 50 clients (quick: 20) each running the four-step cycle (\`webServiceAuth\`, \`fileGeneration\`, download, \`webServiceDownloaded\`) for 30 s; and with the token reused (steps 2-4), as real clients log in once per run | \`/api/health\` (one SELECT) on the same server at the same concurrency; with the token reused, the two take turns in six windows of 5 s (quick: 1.7 s), counting the requests answered within each; every request on a reused (keep-alive) connection | token reused: ≥ 50 % of the trivial route's request rate (the per-cycle login row is information: an argon2id hash per cycle by design) |
| freshness | a release through the admin API until its AP ID is in the registrar's next "new" file (10 releases; quick: 5) | — | < 1 s |
| dashboard | \`/dashboard\` time to first byte for the registrar of the largest institutions (100 requests; quick: 30) | — | p50 < 150 ms |
| ingest | 100,000 reports (quick: 10,000) released to 200 institutions in batches of 1,000 through \`releaseScoreReports()\` (the engine behind the admin API, the TXT upload and the seed), one in ten an update of a student released earlier; the memory the engine holds across batches; freshness (as above) while more batches are released; the admin API end to end (HTTP, JSON parse, validation, the engine) for 10 batches (quick: 3) | \`COPY … FROM STDIN\` of the same final rows (students, exams, awards, reports, versions) into the same tables with their indexes and keys, inside a transaction that is rolled back | ≤ 3× the floor; memory growth < 100 MB; freshness < 1 s |
| peak | 50 signed-in users of 50 institutions create and download their full TXT files (10,000 reports each; quick: 1,000) at the same time through the portal, asking for compression as browsers do, while a registrar's dashboard is polled back to back (the server prepares files 4 at a time and lets pages go first between 64 KiB chunks: docs/deploy.md, Downloads) | 50 parallel \`psql\` COPYs of the same 50 files' rows; the dashboard's p95 when idle | wall time ≤ 3× the floor; dashboard p95 ≤ 3× idle; server memory growth < 100 MB |

Memory: the server process's resident set (VmRSS of the \`next-server\` process, sampled every 20 ms) before and at
its peak; for ingest, what the benchmark process (the engine runs in it) still holds after each batch — its live heap
and buffers after a full garbage collection — with its resident set beside it. For peak, beside the resident set, what
the server holds after a full collection (read through its inspector, bound to 127.0.0.1) at rest and halfway through
a second round of the same downloads: a second round, because a forced collection shrinks the heap and would slow the
measured round's dashboard.

## The data

- A national population for lookups (scripts/bench/lib/national.ts): students sending their scores to thousands of
  institutions whose sizes follow a long tail (weight 1/(rank + 10): the biggest take tens of thousands of reports),
  surnames from a long-tailed distribution over 150,000 names, birth dates over four years, unique emails. These rows
  carry identity only (student and score_report, no versions): lookups read nothing else, and rendering millions of
  TXT records would spend the run's time on data no scenario reads.
- Institutions with complete records (prisma/factories/score-data.ts: TXT line and JSON per version, one report in ten with a
  second version) for the file, PDF, web-service and freshness scenarios. Their students use the sample generator's
  30 surnames, so a last-name lookup that lands there matches thousands of students — the slowest lookups in the tail.
- Peak: 50 more institutions of 10,000 reports (quick: 1,000) with one registrar each, generated the same way on the
  peak scenario's first run and kept. Ingest: 200 institutions (DI codes 800000-800199) that each run adds new students
  to; the rows stay (each run uses AP IDs of its own), so score_report_version grows by the run's size every run.
- Because only those institutions have versions, the largest one holds most of score_report_version; the planner may
  read it with a sequential scan, for the app and the psql floor alike. At national proportions the file queries use
  the (organization_id, report_id, version DESC) index and stream without a sort; scripts/bench/explain.test.ts checks
  those plans.
- PostgreSQL runs with \`random_page_cost=1.1\` (the usual setting for SSD storage) and a larger WAL allowance for
  loading; everything else is the default configuration.
`;
}
