import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's CLI wants a native schema engine it would download; these machines (and air-gapped
// servers) cannot. Our offline engine runs the same engine compiled to WASM. See
// scripts/schema-engine/README.md.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts/schema-engine/bin.cjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
  // Prisma 7's env() throws when unset; generate must work without a database.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unset" },
});
