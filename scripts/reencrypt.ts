/**
 * `npm run db:reencrypt`: re-seals MFA and webhook secrets under the first key of
 * DATA_ENCRYPTION_KEYS (see docs/deploy.md, "Key rotation"). Uses DATABASE_URL, or the
 * embedded database of a local `npm start`. Exits 1 if any secret could not be read.
 */
import { loadAndCheckSettings } from "@/lib/env";
import { resolveDatabase } from "./lib/postgres";
import { ensureAuthSecret } from "./lib/secrets";

async function main(): Promise<void> {
  const settings = loadAndCheckSettings("reencrypt");
  ensureAuthSecret();
  const database = await resolveDatabase({ dataDir: ".data/pg", port: settings.EMBEDDED_PG_PORT, database: "ap_score_reports" });
  process.env.DATABASE_URL = database.url;
  const { reencryptSecrets } = await import("@/lib/reencrypt");
  const { closeDb } = await import("@/lib/db");
  try {
    const result = await reencryptSecrets();
    process.stdout.write(`[reencrypt] ${result.reencrypted} re-encrypted, ${result.current} already under the current key\n`);
    if (result.unreadable.length) {
      process.stderr.write(`[reencrypt] ${result.unreadable.length} could not be decrypted with any key: ${result.unreadable.join(", ")}\n`);
      process.exitCode = 1;
    }
  } finally {
    await closeDb();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[reencrypt] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
