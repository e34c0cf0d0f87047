import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["{lib,app,components,scripts,prisma}/**/*.test.ts", "{lib,app,components}/**/*.test.tsx"],
    exclude: ["node_modules", ".next", ".data", "lib/generated"],
    environment: "node",
    globalSetup: ["./vitest.global-setup.ts"],
    env: { NODE_ENV: "test", AUTH_SECRET: "test-secret-test-secret-test-secret-0123456789" },
    // Integration tests share one PostgreSQL server (scripts/test.ts starts it); each test file
    // makes its own database, so files may run in parallel.
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
