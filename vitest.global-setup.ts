/**
 * Starts PostgreSQL for integration tests (TEST_DATABASE_ADMIN_URL, or an embedded server in
 * .data/pg-test) and prepares a migrated template database that each test file clones.
 */
import type { TestProject } from "vitest/node";
import { dropDatabase, ensureDatabaseExists, startEmbedded } from "./scripts/lib/postgres";
import { migrateDeploy } from "./scripts/lib/prisma-cli";

export const TEMPLATE_DATABASE = "ap_test_template";

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  let stop = async () => {};
  if (!adminUrl) {
    const server = await startEmbedded({
      dataDir: ".data/pg-test",
      port: Number(process.env.TEST_PG_PORT ?? 54330),
      database: "postgres",
      flags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    });
    adminUrl = server.adminUrl;
    stop = server.stop;
  }
  // A fresh template each run, so tests always see the current migrations.
  await dropDatabase(adminUrl, TEMPLATE_DATABASE);
  await ensureDatabaseExists(adminUrl, TEMPLATE_DATABASE);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  migrateDeploy(templateUrl.toString(), { quiet: true });
  project.provide("testDatabaseAdminUrl", adminUrl);
  return async () => {
    await stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    testDatabaseAdminUrl: string;
  }
}
