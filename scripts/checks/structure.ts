/**
 * lib/ by domain, with a fixed file vocabulary (the house's version of rallly's
 * check-feature-structure.mjs). A domain folder holds only the files named below and tests
 * beside them; infrastructure folders are listed; files at lib/'s root are listed. Route
 * folders hold route.ts only. Exits non-zero with the offenders.
 */
import path from "node:path";
import { isTest, sourceFiles } from "./files";

/** One role per file name, the same in every domain (STYLE.md "Where logic lives"). */
export const DOMAIN_FILES = new Set([
  "queries.ts", // reads, scoped by an authorized id
  "mutations.ts", // writes; Result<T, Refusal> for expected refusals
  "schema.ts", // zod schemas of inputs, and their limits
  "serializers.ts", // response shapes shared by routes and client components
  "constants.ts", // fixed tables and messages
  "rules.ts", // logic that needs no database: policies, calculations, signatures
  "gate.ts", // authorization of pages and routes
  "jobs.ts", // background work run by lib/jobs
]);

/** Folders that are not domains: the wrappers, pure formats, the job queue and its worker, test support, Prisma's output. */
const INFRASTRUCTURE = new Set(["http", "formats", "jobs", "worker", "test", "generated"]);

const ROOT_FILES = new Set([
  "audit.ts",
  "crypto.ts",
  "dates.ts",
  "db.ts",
  "env.ts",
  "errors.ts",
  "health.ts",
  "logger.ts",
  "paging.ts",
  "permissions.ts",
  "pg-copy.ts",
  "priority.ts",
  "production-guard.ts",
  "rate-limit.ts",
  "shutdown.ts",
  "unavailable.ts",
]);

/**
 * Not in the vocabulary yet. This list only shrinks: move a file into its domain's files and
 * delete its line here.
 */
const GRANDFATHERED: Record<string, string> = {
  "lib/auth/nextauth.ts": "Auth.js's configuration (loads next-auth)",
  "lib/auth/sign-in.ts": "session start/end through Auth.js; apart so the rest of lib/auth is testable without it",
  "lib/bulk/definition.ts": "the bulk engine, being reworked on feat/sequence",
  "lib/bulk/download.ts": "the bulk engine, being reworked on feat/sequence",
  "lib/bulk/file-name.ts": "the bulk engine, being reworked on feat/sequence",
  "lib/bulk/stream.ts": "the bulk engine, being reworked on feat/sequence",
  "lib/bulk/sequence.ts": "the release sequence's sweep (feat/sequence); belongs in bulk/jobs.ts",
  "lib/reports/record.ts": "imported by lib/reports/release.ts (being reworked on feat/sequence)",
  "lib/reports/release.ts": "being reworked on feat/sequence",
  "lib/reports/release-engine.ts": "the release engine (feat/sequence); belongs in reports/mutations.ts",
  "lib/reports/txt-stream.ts": "the streamed TXT upload; belongs in reports/mutations.ts",
  "lib/webhooks/release-events.ts": "imported by lib/reports/release.ts (being reworked on feat/sequence)",
  "lib/web-service/openapi.ts": "the OpenAPI document, generated from the schemas",
  "lib/web-service/samples.ts": "the reference page's code samples",
  // Landed on main after the check was written: each name says where it belongs.
  "lib/accounts/password-reminders.ts": "the daily password-expiry reminder; belongs in accounts/jobs.ts",
  "lib/access-codes/delivery.ts": "emailing access codes to the contact or principal; belongs in access-codes/mutations.ts",
  "lib/auth/sessions.ts": "server-side session revocation (issue 14); belongs in auth/mutations.ts",
  "lib/auth/throttle.ts": "sign-in and MFA budgets (issue 14); belongs in auth/mutations.ts",
  "lib/auth/idle-warning.ts": "the idle-session warning's timing (issue 19); belongs in auth/rules.ts",
  "lib/web-service/triggers.ts": "How to Trigger Your IT System examples (issue 19); belongs in web-service/constants.ts",
  "lib/accounts/profile.ts": "View/Edit My Profile; belongs in accounts/mutations.ts",
  "lib/identity/invitations.ts": "invitations waiting for a verified address; belongs in identity/mutations.ts",
  "lib/identity/messages.ts": "the verification emails; belongs in identity/constants.ts",
  "lib/identity/verification.ts": "sign-up and address verification; belongs in identity/mutations.ts",
  "lib/k12/audience.ts": "K-12-only users; belongs in k12/queries.ts",
  "lib/reencrypt.ts": "rotating the encryption key (npm run db:reencrypt); belongs in a crypto domain folder",
  "lib/sftp-delivery/connection.ts": "the SFTP client; belongs in sftp-delivery/jobs.ts or an infrastructure folder",
  "lib/sftp-delivery/deliver.ts": "one delivery run; belongs in sftp-delivery/jobs.ts",
  "lib/sftp-delivery/due.ts": "which destinations are due; belongs in sftp-delivery/queries.ts",
  "lib/sftp-delivery/file-name.ts": "delivered file names; belongs in sftp-delivery/rules.ts",
  "lib/sftp-delivery/notify.ts": "failure emails; belongs in sftp-delivery/jobs.ts",
  "lib/sftp-delivery/schedule-options.ts": "schedule choices shared with the client form; belongs in sftp-delivery/constants.ts",
  "lib/sftp-delivery/schedule.ts": "next-run calculation; belongs in sftp-delivery/rules.ts",
};

export function structureProblems(files: string[]): { problems: string[]; stale: string[] } {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const file of files) {
    if (file.startsWith("lib/")) {
      const parts = file.split("/").slice(1);
      if (GRANDFATHERED[file]) {
        used.add(file);
        continue;
      }
      if (parts.length === 1) {
        const base = parts[0]!;
        const subject = base.replace(/(\.[a-z]+)?\.test\.ts$/, ".ts");
        if (!ROOT_FILES.has(base) && !(isTest(file) && (ROOT_FILES.has(subject) || GRANDFATHERED[`lib/${subject}`]))) {
          problems.push(`${file}: lib/'s root holds only ${[...ROOT_FILES].join(", ")} — put it in a domain folder`);
        }
        continue;
      }
      if (INFRASTRUCTURE.has(parts[0]!)) continue;
      if (parts.length > 2) {
        problems.push(`${file}: a domain folder has no subfolders`);
        continue;
      }
      if (!DOMAIN_FILES.has(parts[1]!) && !isTest(file)) {
        problems.push(`${file}: not a domain file name (${[...DOMAIN_FILES].join(", ")}, or *.test.ts)`);
      }
    }
    if (/^app\/(api|aposrd-api-prod)\//.test(file) && !["route.ts"].includes(path.basename(file)) && !isTest(file)) {
      problems.push(`${file}: route folders hold route.ts (and its tests) only — logic goes to lib/`);
    }
  }
  const stale = Object.keys(GRANDFATHERED).filter((f) => !used.has(f));
  return { problems, stale };
}

if (import.meta.filename === process.argv[1]) {
  const { problems, stale } = structureProblems(sourceFiles());
  for (const s of stale) process.stdout.write(`warning: ${s} is no longer there: remove it from GRANDFATHERED in scripts/checks/structure.ts\n`);
  if (problems.length) {
    process.stderr.write(`${problems.length} file(s) out of place:\n${problems.map((p) => `  ${p}`).join("\n")}\n`);
    process.exit(1);
  }
  process.stdout.write("structure: lib/ folders and route folders use the fixed file vocabulary\n");
}
