/**
 * The national-scale population for lookups: a million students sending their scores to
 * thousands of institutions, loaded with COPY in batches so memory stays flat.
 *
 * These rows carry identity only (student + score_report, no versions, exams or awards):
 * lookups touch nothing else, and rendering 3 million TXT records would spend the benchmark's
 * time budget on data the scenarios never read. Institutions that need real files get them
 * from prisma/factories/score-data.ts instead.
 *
 * Realism where it matters to the indexes: surnames follow a long-tailed distribution (a few
 * thousand very common, a long tail of rare ones), institution sizes too (the biggest take
 * tens of thousands of reports, most a few hundred), birth dates span four years.
 */
import type pg from "pg";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { FIRST_NAMES, createRng, type Rng } from "@/prisma/factories/records";
import { emptyProfile } from "@/lib/reports/record";
import { reportingYearStart, retentionStart } from "@/lib/dates";

export interface NationalOptions {
  students: number;
  /** Total score sends (score_report rows); at least `students`. */
  sends: number;
  /** Organization ids of the receiving institutions, biggest first. */
  institutionIds: string[];
  seed: number;
  now: Date;
  onProgress?: (students: number, total: number) => void;
}

export interface NationalResult {
  students: number;
  reports: number;
  /** Reports of the biggest institution (lookups there are the slowest). */
  biggestInstitution: number;
}

const BATCH = 20_000;
const SYLLABLES = [
  "an",
  "ber",
  "car",
  "del",
  "en",
  "fa",
  "gar",
  "ha",
  "ito",
  "jo",
  "ka",
  "lin",
  "mar",
  "no",
  "ol",
  "per",
  "qui",
  "ros",
  "sen",
  "ta",
  "ul",
  "van",
  "wa",
  "xi",
  "yo",
  "zu",
  "son",
  "man",
  "ez",
  "ski",
];
// The sample generator's first names, then a few more.
const FIRST = [...FIRST_NAMES, "Jordan", "Taylor", "Morgan", "Avery", "Riley", "Quinn", "Rowan", "Sage", "Elena", "Mohammed"];
const AP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/** Surname of rank `r` (0 = most common): deterministic, distinct, at most 15 characters. */
export function surnameOf(rank: number): string {
  let n = rank;
  let s = "";
  do {
    s += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return (s[0]!.toUpperCase() + s.slice(1)).slice(0, 15);
}

/** A Zipf-like draw over `size` ranks whose head is flattened by `offset` (so rank 0 is ~0.3 %, not 10 %). */
function skewedRank(rng: Rng, size: number, offset: number): number {
  const r = Math.floor(offset * (Math.exp(rng.next() * Math.log((size + offset) / offset)) - 1));
  return Math.min(size - 1, r);
}

/**
 * AP IDs of this population start with "O", a letter the sample generator's alphabet leaves
 * out, so they never collide with students made by prisma/factories/score-data.ts in the same database.
 */
function apIdOf(index: number): string {
  let n = index;
  let s = "";
  for (let i = 0; i < 7; i++) {
    s = AP_ALPHABET[n % AP_ALPHABET.length] + s;
    n = Math.floor(n / AP_ALPHABET.length);
  }
  return `O${s}`;
}

/** Ordered like a UUIDv7 (the index leads), so primary-key inserts append instead of splitting pages at random. */
function uuidOf(rng: Rng, index: number): string {
  const h = (n: number) =>
    Math.floor(rng.next() * 16 ** n)
      .toString(16)
      .padStart(n, "0");
  return `${index.toString(16).padStart(8, "0")}-${h(4)}-7${h(3)}-${"89ab"[rng.int(0, 3)]}${h(3)}-${h(6)}${h(6)}`;
}

/** Weighted institution picker: weight 1/(rank + 10) gives a few tens of thousands to the biggest. */
function institutionPicker(count: number): (rng: Rng) => number {
  const cumulative = new Float64Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += 1 / (i + 10);
    cumulative[i] = total;
  }
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * Secondary indexes of the loaded tables are dropped during the load and built afterwards:
 * sorting once is many times faster than millions of random b-tree inserts. Foreign-key
 * triggers are skipped when the role may do so (rows are consistent by construction).
 */
async function withoutSecondaryIndexes<T>(client: pg.PoolClient | pg.Client, tables: string[], fn: () => Promise<T>): Promise<T> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)`,
    [tables],
  );
  for (const r of rows) await client.query(`DROP INDEX "${r.name}"`);
  let replica = false;
  try {
    await client.query("SET session_replication_role = replica");
    replica = true;
  } catch {
    // Not a superuser: foreign keys are checked row by row, which is only slower.
  }
  try {
    return await fn();
  } finally {
    if (replica) await client.query("SET session_replication_role = DEFAULT");
    await client.query("SET maintenance_work_mem = '512MB'");
    for (const r of rows) await client.query(r.def);
    await client.query("RESET maintenance_work_mem");
  }
}

export async function generateNationalData(client: pg.PoolClient | pg.Client, options: NationalOptions): Promise<NationalResult> {
  return withoutSecondaryIndexes(client, ["student", "score_report"], () => load(client, options));
}

async function load(client: pg.PoolClient | pg.Client, options: NationalOptions): Promise<NationalResult> {
  const { students, institutionIds } = options;
  const sends = Math.max(options.sends, students);
  if (institutionIds.length === 0) throw new Error("generateNationalData: no institutions");
  const rng = createRng(options.seed);
  const pick = institutionPicker(institutionIds.length);
  const profile = JSON.stringify(emptyProfile()).replaceAll('"', '""');
  const retention = retentionStart(options.now).getTime();
  const yearStart = reportingYearStart(options.now).getTime();
  const latest = options.now.getTime() - 3_600_000;
  const extraPerStudent = (sends - students) / students;
  const perInstitution = new Map<number, number>();

  const { rows } = await client.query<{ last: string }>(
    "SELECT setval(pg_get_serial_sequence('score_report', 'id'), nextval(pg_get_serial_sequence('score_report', 'id')) + $1) AS last",
    [sends + 1],
  );
  let nextReportId = BigInt(rows[0]!.last) - BigInt(sends);
  let reports = 0;

  for (let start = 0; start < students; start += BATCH) {
    const end = Math.min(students, start + BATCH);
    let studentCsv = "";
    let reportCsv = "";
    for (let i = start; i < end; i++) {
      const id = uuidOf(rng, i);
      const apId = apIdOf(i);
      const last = surnameOf(skewedRank(rng, 150_000, 40));
      const first = FIRST[rng.int(0, FIRST.length - 1)]!;
      const mi = rng.chance(0.8) ? AP_ALPHABET[rng.int(0, 23)]! : "";
      const dob = `${rng.int(2006, 2009)}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
      const email = `${first}.${last}.${apId.toLowerCase()}@students.example.com`.toLowerCase();
      const lastKey = last.toLowerCase();
      // Spread the remaining sends evenly in expectation; the last student takes what is left.
      const remainingStudents = students - i;
      const remainingSends = sends - reports;
      let count = 1 + Math.floor(extraPerStudent) + (rng.chance(extraPerStudent % 1) ? 1 : 0);
      count = Math.max(1, Math.min(count, remainingSends - (remainingStudents - 1), institutionIds.length));
      if (remainingStudents === 1) count = Math.min(remainingSends, institutionIds.length);
      const chosen = new Set<number>();
      while (chosen.size < count) chosen.add(pick(rng));
      const inCurrent = rng.chance(0.6) && latest > yearStart;
      const [from, to] = inCurrent ? [yearStart, latest] : [retention, Math.min(yearStart, latest)];
      const released = new Date(from + Math.floor(rng.next() * Math.max(1, to - from))).toISOString();
      studentCsv += `${id},${apId},${first},"${last}","${mi}",${dob},${email},"${profile}",${released},${released}\n`;
      for (const inst of chosen) {
        perInstitution.set(inst, (perInstitution.get(inst) ?? 0) + 1);
        reportCsv += `${nextReportId++},${institutionIds[inst]},${id},${apId},"${last}",${first},"${mi}",${dob},${email},"${lastKey}",${email},1,${released},${released}\n`;
        reports++;
      }
    }
    await copyText(
      client,
      "COPY student (id, ap_id, first_name, last_name, middle_initial, date_of_birth, email, profile, created_at, updated_at) FROM STDIN WITH (FORMAT csv)",
      studentCsv,
    );
    await copyText(
      client,
      "COPY score_report (id, organization_id, student_id, ap_id, last_name, first_name, middle_initial, date_of_birth, email, last_name_key, email_key, latest_version, latest_released_at, first_released_at) FROM STDIN WITH (FORMAT csv)",
      reportCsv,
    );
    options.onProgress?.(end, students);
  }
  return { students, reports, biggestInstitution: Math.max(...perInstitution.values()) };
}

async function copyText(client: pg.PoolClient | pg.Client, sql: string, text: string): Promise<void> {
  if (!text) return;
  await pipeline(Readable.from([text]), client.query(copyFrom(sql)));
}
