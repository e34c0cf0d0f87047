/**
 * `npm run db:migrate` and `npm run db:seed`: against DATABASE_URL, or the embedded database
 * that `npm start` uses (started for the duration of the command).
 */
import { closeDb } from "@/lib/db";
import { resolveDatabase } from "./lib/postgres";
import { migrateDeploy } from "./lib/prisma-cli";
import { ensureAuthSecret } from "./lib/secrets";
import { loadAndCheckSettings } from "@/lib/env";

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== "migrate" && command !== "seed") throw new Error("usage: tsx scripts/db.ts migrate|seed");
  const settings = loadAndCheckSettings("db");
  ensureAuthSecret();
  const database = await resolveDatabase({ dataDir: ".data/pg", port: settings.EMBEDDED_PG_PORT, database: "ap_score_reports" });
  process.env.DATABASE_URL = database.url;
  try {
    migrateDeploy(database.url);
    if (command === "seed") {
      const { seedDemoIfEmpty } = await import("../prisma/seed");
      process.stdout.write((await seedDemoIfEmpty()) ? "Demo data loaded.\n" : "The database already has data; demo data not loaded.\n");
    }
  } finally {
    await closeDb();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
