import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./postgres";

/**
 * AUTH_SECRET for local runs: the environment's, else one generated once and kept in the
 * git-ignored .data folder (so sessions survive restarts). Deployments set their own.
 */
export function ensureAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(ROOT, ".data/auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  process.env.AUTH_SECRET = secret;
  return secret;
}
