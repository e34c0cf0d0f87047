/**
 * Starts PostgreSQL for integration tests (TEST_DATABASE_ADMIN_URL, or an embedded server in
 * .data/pg-test) and prepares a migrated template database that each test file clones.
 */
import type { TestProject } from "vitest/node";
import { dropDatabase, ensureDatabaseExists, startTestServer } from "./scripts/lib/postgres";
import { migrateDeploy } from "./scripts/lib/prisma-cli";

export const TEMPLATE_DATABASE = "ap_test_template";

export default async function setup(project: TestProject) {
  const { adminUrl, stop } = await startTestServer();
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
