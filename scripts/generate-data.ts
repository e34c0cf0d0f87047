/**
 * `npm run db:generate-data -- --students N [--institutions K] [--seed S] [--lookup-only [--sends M]]`
 *
 * Adds synthetic score data (COPY, in chunks so memory stays flat) to DATABASE_URL, or else
 * the embedded development database that `npm start` uses. It creates K new institutions
 * (default: one per 2,500 students) whose sizes follow a long tail — the biggest receive tens
 * of times more reports than the smallest — and never touches existing data.
 *
 * Default: complete records (student, exams, awards, reports and versions with their TXT line
 * and JSON), one report per student, from prisma/factories/score-data.ts — files, PDFs and lookups all work.
 * --lookup-only: identity-only students and reports (scripts/bench/lib/national.ts), about ten times
 * faster, with --sends M spreading M reports over the students (M ≥ N); for lookup load tests.
 */
import pg from "pg";
import { generateScoreData, type TargetInstitution } from "@/prisma/factories/score-data";
import { generateNationalData } from "@/scripts/bench/lib/national";
import { resolveDatabase } from "./lib/postgres";
import { migrateDeploy } from "./lib/prisma-cli";

interface Args {
  students: number;
  institutions: number;
  seed: number;
  lookupOnly: boolean;
  sends: number;
}

const USAGE = "usage: npm run db:generate-data -- --students N [--institutions K] [--seed S] [--lookup-only [--sends M]]";

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  let lookupOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--lookup-only") lookupOnly = true;
    else if (["--students", "--institutions", "--seed", "--sends"].includes(arg)) {
      const value = argv[++i];
      if (!value || !/^\d+$/.test(value)) throw new Error(`${arg} needs a whole number\n${USAGE}`);
      values.set(arg, value);
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  const students = Number(values.get("--students") ?? NaN);
  if (!Number.isSafeInteger(students) || students < 1 || students > 20_000_000) throw new Error(`--students must be between 1 and 20,000,000\n${USAGE}`);
  const institutions = Number(values.get("--institutions") ?? Math.max(1, Math.ceil(students / 2500)));
  if (institutions < 1 || institutions > 50_000) throw new Error("--institutions must be between 1 and 50,000");
  const sends = Number(values.get("--sends") ?? students);
  if (values.has("--sends") && !lookupOnly) throw new Error("--sends needs --lookup-only (complete records are one report per student)");
  if (sends < students || sends > students * institutions) throw new Error("--sends must be at least --students and at most students × institutions");
  return { students, institutions, seed: Number(values.get("--seed") ?? 1), lookupOnly, sends };
}

/** Sizes with a long tail (weight 1/(rank + 10)) that add up to `total`, each at least 1. */
function institutionSizes(total: number, count: number): number[] {
  const weights = Array.from({ length: count }, (_, i) => 1 / (i + 10));
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((w) => Math.max(1, Math.floor((w / sum) * total)));
  let diff = total - sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % count) {
    if (diff > 0) {
      sizes[i]!++;
      diff--;
    } else if (sizes[i]! > 1) {
      sizes[i]!--;
      diff++;
    }
  }
  return sizes;
}

const CHUNK_STUDENTS = 20_000;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const database = await resolveDatabase({ dataDir: ".data/pg", port: Number(process.env.EMBEDDED_PG_PORT ?? 54320), database: "ap_score_reports" });
  const started = performance.now();
  const say = (line: string) => process.stdout.write(`[generate-data ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const client = new pg.Client({ connectionString: database.url });
  try {
    migrateDeploy(database.url, { quiet: true });
    await client.connect();
    // New DI codes above every numeric code in use, so reruns add institutions beside earlier ones.
    const { rows: top } = await client.query<{ max: string | null }>("SELECT max(code::bigint)::text AS max FROM organization WHERE code ~ '^[0-9]{1,9}$'");
    const firstCode = Math.max(100_000, Number(top[0]?.max ?? 0) + 1);
    if (firstCode + args.institutions > 999_999) throw new Error("no free six-digit DI codes left for that many institutions");
    const { rows: orgRows } = await client.query<{ id: string; code: string; name: string }>(
      `INSERT INTO organization (id, kind, code, name, address_lines, city, state, zip, contact_name, updated_at)
       SELECT gen_random_uuid(), 'COLLEGE', (${firstCode} + g)::text, 'Generated Institution ' || (${firstCode} + g), ARRAY['1 Generated Way'], 'Springfield', 'IL', '62701', 'Office of Admissions', now()
         FROM generate_series(0, $1::int - 1) g ORDER BY g
       RETURNING id::text, code, name`,
      [args.institutions],
    );
    say(`${args.institutions.toLocaleString("en-US")} institutions created (DI codes ${firstCode}–${firstCode + args.institutions - 1})`);
    const now = new Date();

    if (args.lookupOnly) {
      const result = await generateNationalData(client, {
        students: args.students,
        sends: args.sends,
        institutionIds: orgRows.map((o) => o.id),
        seed: args.seed,
        now,
        onProgress: (done, total) => say(`${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} students`),
      });
      say(`done: ${result.students.toLocaleString("en-US")} students, ${result.reports.toLocaleString("en-US")} reports (identity only)`);
    } else {
      const taken = new Set((await client.query<{ ap_id: string }>("SELECT ap_id FROM student")).rows.map((r) => r.ap_id));
      const sizes = institutionSizes(args.students, args.institutions);
      let done = 0;
      let versions = 0;
      let chunk: TargetInstitution[] = [];
      let chunkStudents = 0;
      let chunkIndex = 0;
      const flush = async () => {
        if (!chunk.length) return;
        await client.query("BEGIN");
        const result = await generateScoreData(client, chunk, { seed: args.seed * 1000 + chunkIndex++, now, sharedStudentShare: 0, takenApIds: taken });
        await client.query("COMMIT");
        done += result.students;
        versions += result.versions;
        say(`${done.toLocaleString("en-US")} of ${args.students.toLocaleString("en-US")} students`);
        chunk = [];
        chunkStudents = 0;
      };
      for (const [i, org] of orgRows.entries()) {
        let remaining = sizes[i]!;
        while (remaining > 0) {
          const take = Math.min(remaining, CHUNK_STUDENTS - chunkStudents);
          chunk.push({
            id: org.id,
            code: org.code,
            name: org.name,
            contactName: "Office of Admissions",
            addressLines: ["1 Generated Way"],
            city: "Springfield",
            state: "IL",
            zip: "62701",
            students: take,
          });
          chunkStudents += take;
          remaining -= take;
          if (chunkStudents >= CHUNK_STUDENTS) await flush();
        }
      }
      await flush();
      say(
        `done: ${done.toLocaleString("en-US")} students and reports, ${versions.toLocaleString("en-US")} versions; largest institution ${sizes[0]!.toLocaleString("en-US")} reports`,
      );
    }
    await client.query("ANALYZE");
  } finally {
    await client.end().catch(() => {});
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
