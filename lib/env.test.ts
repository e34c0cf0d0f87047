import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadEnvFiles, readSettings, settingsProblems, SettingsError } from "@/lib/env";

const ROOT = path.resolve(import.meta.dirname, "..");
const SECRET = "s".repeat(40);
const PRODUCTION = {
  APP_DEPLOYMENT: "production",
  DATABASE_URL: "postgresql://app@db.internal/ap",
  AUTH_SECRET: SECRET,
  PUBLIC_BASE_URL: "https://scores.example.org",
  SMTP_HOST: "smtp.example.org",
  MAIL_FROM: "AP Score Reports <no-reply@example.org>",
};

describe("settings", () => {
  it("accepts a complete production configuration and turns the in-app worker off by default", () => {
    const settings = readSettings(PRODUCTION);
    expect(settings.WORKER_IN_APP).toBe(false);
    expect(settings.AUDIT_RETENTION_DAYS).toBe(0);
    expect(readSettings({ ...PRODUCTION, WORKER_IN_APP: "true" }).WORKER_IN_APP).toBe(true);
    expect(readSettings({}).WORKER_IN_APP).toBe(true);
  });

  it("refuses production without its secret, public URL, mail settings and database, naming each in one message", () => {
    const problems = settingsProblems({ APP_DEPLOYMENT: "production" });
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "PUBLIC_BASE_URL", "SMTP_HOST", "MAIL_FROM"]) {
      expect(
        problems.some((p) => p.startsWith(`${name}:`)),
        name,
      ).toBe(true);
    }
    expect(settingsProblems({ APP_DEPLOYMENT: "development" })).toEqual([]);
  });

  it("reports every invalid value at once, not only the first", () => {
    let error: unknown;
    try {
      readSettings({ ...PRODUCTION, AUTH_SECRET: "short", DB_POOL_SIZE: "lots", PUBLIC_BASE_URL: "not a url", DATA_ENCRYPTION_KEYS: "tiny" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SettingsError);
    const message = (error as Error).message;
    for (const name of ["AUTH_SECRET", "DB_POOL_SIZE", "PUBLIC_BASE_URL", "DATA_ENCRYPTION_KEYS"]) expect(message).toContain(name);
  });
});

describe("contact points", () => {
  it("defaults the sender and the support address to the public site's domain, never localhost", () => {
    expect(readSettings({}).MAIL_FROM).toBe("AP Higher Education Score Reports <no-reply@example.org>");
    expect(readSettings({}).SUPPORT_EMAIL).toBe("APHigherEdScoreReports@example.org");
    expect(readSettings({ PUBLIC_BASE_URL: "http://localhost:3000" }).SUPPORT_EMAIL).toBe("APHigherEdScoreReports@example.org");
    expect(readSettings({ PUBLIC_BASE_URL: "http://127.0.0.1:3000" }).MAIL_FROM).toBe("AP Higher Education Score Reports <no-reply@example.org>");
    const site = readSettings({ PUBLIC_BASE_URL: "https://scores.example.edu" });
    expect(site.MAIL_FROM).toBe("AP Higher Education Score Reports <no-reply@scores.example.edu>");
    expect(site.SUPPORT_EMAIL).toBe("APHigherEdScoreReports@scores.example.edu");
  });

  it("takes both from the environment, and refuses a support address that is not one", () => {
    const set = readSettings({ MAIL_FROM: "Registrar Tools <scores@example.edu>", SUPPORT_EMAIL: "help@example.edu" });
    expect([set.MAIL_FROM, set.SUPPORT_EMAIL]).toEqual(["Registrar Tools <scores@example.edu>", "help@example.edu"]);
    expect(settingsProblems({ SUPPORT_EMAIL: "helpdesk" })).toEqual([expect.stringMatching(/^SUPPORT_EMAIL:/)]);
  });
});

describe("loading .env files", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  // Under Vitest NODE_ENV is "test": Next.js then reads .env.test over .env and ignores .env.local.
  it("reads .env files like Next.js, without overriding the real environment", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "env-files-"));
    fs.writeFileSync(path.join(dir, ".env"), "OPS_TEST_A=from-env\nOPS_TEST_B=from-env\nOPS_TEST_C=from-env\n");
    fs.writeFileSync(path.join(dir, ".env.test"), "OPS_TEST_B=from-mode\n");
    fs.writeFileSync(path.join(dir, ".env.local"), "OPS_TEST_A=from-local\n");
    process.env.OPS_TEST_C = "from-process";
    loadEnvFiles({ dir, dev: false });
    expect(process.env.OPS_TEST_A).toBe("from-env");
    expect(process.env.OPS_TEST_B).toBe("from-mode");
    expect(process.env.OPS_TEST_C).toBe("from-process");
  });
});

describe("entry points", () => {
  it("the worker refuses to start in production without settings, lists them all, and generates no secret", () => {
    const marker = path.join(ROOT, ".data/auth-secret");
    const before = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : null;
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, APP_DEPLOYMENT: "production" } as unknown as NodeJS.ProcessEnv;
    const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/worker.ts"], {
      cwd: ROOT,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    for (const name of ["DATABASE_URL", "AUTH_SECRET", "PUBLIC_BASE_URL", "SMTP_HOST", "MAIL_FROM"]) expect(run.stderr).toContain(name);
    expect(fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : null).toBe(before);
  });
});
