/**
 * Direct database access for the notification and activity specs: enrolment (another area's
 * flow) and download records (the web service's) stand in here until their APIs exist.
 * The e2e global setup refuses non-local databases.
 */
import crypto from "node:crypto";
import pg from "pg";

async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Makes the account an APOSRD HED Admin at the institution (as redeeming its access code does). */
export async function enroll(email: string, diCode: string): Promise<{ organizationId: string }> {
  return withClient(async (c) => {
    const { rows } = await c.query<{ id: string }>("SELECT id FROM organization WHERE kind = 'COLLEGE' AND code = $1", [diCode]);
    const organizationId = rows[0]!.id;
    await c.query(
      `INSERT INTO membership (id, user_id, organization_id, role, position)
       SELECT $1, u.id, $2, 'HED_ADMIN', 'APOSRD HED Admin' FROM app_user u WHERE u.email = $3`,
      [crypto.randomUUID(), organizationId, email.toLowerCase()],
    );
    return { organizationId };
  });
}

/** A bulk file as the web service records it (generated, downloaded and logged). */
export async function recordWebServiceDownload(email: string, diCode: string, fileName: string, records: number): Promise<void> {
  await withClient((c) =>
    c.query(
      `INSERT INTO bulk_file (user_id, organization_id, channel, type, format, file_name, snap_xmin, snap_xmax, snap_xip, record_count, logged_at)
       SELECT u.id, o.id, 'WEB_SERVICE', 'INCREMENTAL', 'CSV', $3, 1, 1, '{}', $4, now()
       FROM app_user u, organization o WHERE u.email = $1 AND o.kind = 'COLLEGE' AND o.code = $2`,
      [email.toLowerCase(), diCode, fileName, records],
    ),
  );
}
