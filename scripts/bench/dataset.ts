/**
 * The benchmark's data: institutions with real files (TXT records and JSON, from
 * prisma/factories/score-data.ts), a national-scale population for lookups (scripts/bench/lib/national.ts),
 * the users that sign in, and an admin API token. A database keeps its dataset between runs
 * (the dataset's key is stored as the database's comment); a different size regenerates it.
 */
import type pg from "pg";
import { generateScoreData, type TargetInstitution } from "@/prisma/factories/score-data";
import { generateNationalData } from "@/scripts/bench/lib/national";
import { hashPassword } from "@/lib/crypto";
import { hashSecretToken } from "@/lib/access-codes/rules";
import { CURRENT_TERMS_VERSION } from "@/lib/accounts/constants";

export interface Sizes {
  nationalStudents: number;
  nationalSends: number;
  nationalInstitutions: number;
  /** Reports at the institution whose full files are measured (and memory at that size). */
  bigFile: number;
  /** The smaller file size for the memory comparison. */
  midFile: number;
  /** Web-service clients, each with its own small institution. */
  clients: number;
  smallInstitutionReports: number;
}

export const FULL_SIZES: Sizes = {
  nationalStudents: 1_000_000,
  nationalSends: 3_000_000,
  nationalInstitutions: 4000,
  bigFile: 100_000,
  midFile: 10_000,
  clients: 50,
  smallInstitutionReports: 40,
};

export const QUICK_SIZES: Sizes = {
  nationalStudents: 50_000,
  nationalSends: 150_000,
  nationalInstitutions: 400,
  bigFile: 10_000,
  midFile: 1_000,
  clients: 20,
  smallInstitutionReports: 20,
};

export const BENCH_SEED = 8_000_008;
export const BENCH_PASSWORD = "Bench-Registrar-2026!";
export const BENCH_ADMIN_TOKEN = "bench-admin-token-0123456789";
export const REGISTRAR_EMAIL = "bench-registrar@bench.example.edu";
export const BIG_CODE = "9001";
export const MID_CODE = "9002";
export const FRESH_CODE = "9003";
export const clientEmail = (i: number) => `bench-ws-${i}@bench.example.edu`;
export const smallCode = (i: number) => String(9100 + i);
/** Bumped when the generated data changes shape, so old benchmark databases are regenerated. */
const GENERATOR_VERSION = 1;

export function datasetKey(sizes: Sizes): string {
  return `ap-bench v${GENERATOR_VERSION} ${JSON.stringify(sizes)}`;
}

export async function storedDatasetKey(client: pg.Client, database: string): Promise<string | null> {
  const { rows } = await client.query<{ comment: string | null }>(
    "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
    [database],
  );
  return rows[0]?.comment ?? null;
}

export async function markDataset(client: pg.Client, database: string, key: string): Promise<void> {
  await client.query(`COMMENT ON DATABASE "${database}" IS '${key.replaceAll("'", "''")}'`);
}

function college(id: string, code: string, name: string, students: number): TargetInstitution {
  return {
    id,
    code,
    name,
    contactName: "Office of Admissions",
    addressLines: [`${code} Benchmark Way`],
    city: "Springfield",
    state: "IL",
    zip: "62701",
    students,
  };
}

export async function insertOrganizations(client: pg.Client, rows: Array<{ code: string; name: string }>): Promise<string[]> {
  const { rows: ids } = await client.query<{ id: string }>(
    `INSERT INTO organization (id, kind, code, name, address_lines, city, state, zip, contact_name, updated_at)
     SELECT gen_random_uuid(), 'COLLEGE', c, n, ARRAY[c || ' Benchmark Way'], 'Springfield', 'IL', '62701', 'Office of Admissions', now()
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(c, n, o)
      ORDER BY o
     RETURNING id::text`,
    [rows.map((r) => r.code), rows.map((r) => r.name)],
  );
  return ids.map((r) => r.id);
}

export async function createUser(client: pg.Client, email: string, passwordHash: string, first: string, orgIds: string[], now: Date): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO app_user (id, email, password_hash, first_name, last_name, organization_name, job_function, selected_organization_id, email_verified_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, 'Benchmark', 'Benchmark University', 'Higher Education: Registrar', $4::uuid, now(), now()) RETURNING id::text`,
    [email, passwordHash, first, orgIds[0] ?? null],
  );
  const userId = rows[0]!.id;
  await client.query("INSERT INTO terms_acceptance (user_id, version, accepted_at) VALUES ($1::uuid, $2, $3)", [userId, CURRENT_TERMS_VERSION, now]);
  for (const orgId of orgIds) {
    await client.query(
      `INSERT INTO membership (id, user_id, organization_id, role, position, dashboard_visited_at)
       VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'HED_ADMIN', 'APOSRD HED Admin', $3)`,
      [userId, orgId, now],
    );
  }
  return userId;
}

export interface GeneratedDataset {
  students: number;
  reports: number;
  versions: number;
  nationalBiggestInstitution: number;
  seconds: number;
}

/** Loads everything into an empty, migrated database. */
export async function generateDataset(client: pg.Client, sizes: Sizes, log: (line: string) => void): Promise<GeneratedDataset> {
  const started = performance.now();
  const now = new Date();
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await fn();
    log(`${label} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
    return result;
  };

  const fileOrgs = await insertOrganizations(client, [
    { code: BIG_CODE, name: "Benchmark State University" },
    { code: MID_CODE, name: "Benchmark College" },
    { code: FRESH_CODE, name: "Benchmark Freshness College" },
    ...Array.from({ length: sizes.clients }, (_, i) => ({ code: smallCode(i), name: `Benchmark Small College ${i + 1}` })),
  ]);
  const [bigId, midId, freshId, ...smallIds] = fileOrgs as [string, string, string, ...string[]];
  const targets: TargetInstitution[] = [
    college(bigId, BIG_CODE, "Benchmark State University", sizes.bigFile),
    college(midId, MID_CODE, "Benchmark College", sizes.midFile),
    college(freshId, FRESH_CODE, "Benchmark Freshness College", 10),
    ...smallIds.map((id, i) => college(id, smallCode(i), `Benchmark Small College ${i + 1}`, sizes.smallInstitutionReports)),
  ];
  // Every report in the current reporting year, so full files hold exactly `bigFile` reports;
  // one in ten has a second version, so files must pick each report's latest.
  // One transaction: the versions carry their release-sequence positions (lib/bulk/sequence.ts).
  const files = await timed(`file institutions: ${targets.reduce((n, t) => n + t.students, 0).toLocaleString("en-US")} students with TXT records`, async () => {
    await client.query("BEGIN");
    try {
      const result = await generateScoreData(client, targets, { seed: BENCH_SEED, now, currentYearShare: 1, updatedShare: 0.1, sharedStudentShare: 0 });
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });

  const nationalOrgs = await insertOrganizations(
    client,
    Array.from({ length: sizes.nationalInstitutions }, (_, i) => ({ code: String(10000 + i), name: `National Institution ${i + 1}` })),
  );
  let lastLogged = 0;
  const national = await timed(
    `national population: ${sizes.nationalStudents.toLocaleString("en-US")} students, ~${sizes.nationalSends.toLocaleString("en-US")} sends`,
    () =>
      generateNationalData(client, {
        students: sizes.nationalStudents,
        sends: sizes.nationalSends,
        institutionIds: nationalOrgs,
        seed: BENCH_SEED + 1,
        now,
        onProgress: (done, total) => {
          if (done - lastLogged >= total / 5 || done === total) {
            lastLogged = done;
            log(`  … ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} students`);
          }
        },
      }),
  );

  const passwordHash = await hashPassword(BENCH_PASSWORD);
  await createUser(client, REGISTRAR_EMAIL, passwordHash, "Registrar", [bigId, midId, freshId], now);
  for (let i = 0; i < sizes.clients; i++) await createUser(client, clientEmail(i), passwordHash, `Client${i}`, [smallIds[i]!], now);
  await client.query("INSERT INTO admin_api_token (id, name, token_hash, prefix) VALUES (gen_random_uuid(), 'Benchmark', $1, $2)", [
    hashSecretToken(BENCH_ADMIN_TOKEN),
    BENCH_ADMIN_TOKEN.slice(0, 8),
  ]);

  await timed("VACUUM ANALYZE", () => client.query("VACUUM ANALYZE"));
  return {
    students: files.students + national.students,
    reports: files.reports + national.reports,
    versions: files.versions,
    nationalBiggestInstitution: national.biggestInstitution,
    seconds: (performance.now() - started) / 1000,
  };
}

export interface BenchIds {
  bigId: string;
  midId: string;
  freshId: string;
  registrarId: string;
}

export async function lookupIds(client: pg.Client): Promise<BenchIds> {
  const { rows } = await client.query<{ code: string; id: string }>("SELECT code, id::text FROM organization WHERE code = ANY($1::text[])", [
    [BIG_CODE, MID_CODE, FRESH_CODE],
  ]);
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  const { rows: users } = await client.query<{ id: string }>("SELECT id::text FROM app_user WHERE email = $1", [REGISTRAR_EMAIL]);
  if (!byCode.get(BIG_CODE) || !users[0]) throw new Error("The benchmark database has no benchmark data; run with --fresh.");
  return { bigId: byCode.get(BIG_CODE)!, midId: byCode.get(MID_CODE)!, freshId: byCode.get(FRESH_CODE)!, registrarId: users[0].id };
}
