import { prisma } from "@/lib/db";
import { hashAccessCode, hashSecretToken } from "@/lib/access-codes/rules";
import { DEMO_ADMIN_TOKEN, DEMO_EMAILS, DEMO_INSTITUTIONS } from "@/prisma/demo-data";
import { K12_DEMO_EMAILS, K12_DEMO_SCHOOLS, k12DemoAccessCode } from "@/prisma/demo-data-k12";

/**
 * Hashes of every published demo access code. The K-12 demo codes carry the year the seed ran
 * in, so every year a database could have been seeded in is covered.
 */
export function demoAccessCodeHashes(now = new Date()): string[] {
  const codes: string[] = Object.values(DEMO_INSTITUTIONS).map((i) => i.accessCode);
  for (let year = 2020; year <= now.getUTCFullYear() + 1; year++) {
    for (const school of Object.values(K12_DEMO_SCHOOLS)) codes.push(k12DemoAccessCode(school.code, year));
  }
  return codes.map(hashAccessCode);
}

/** Every demo artifact still in the database, described for the operator (empty when clean). */
export async function findDemoArtifacts(now = new Date()): Promise<string[]> {
  const [users, tokens, codes] = await Promise.all([
    prisma.user.findMany({ where: { email: { in: [...DEMO_EMAILS, ...K12_DEMO_EMAILS] } }, select: { email: true } }),
    // A revoked demo token or code is harmless: only live ones block the start.
    prisma.adminApiToken.findMany({ where: { tokenHash: hashSecretToken(DEMO_ADMIN_TOKEN), revokedAt: null }, select: { name: true } }),
    prisma.accessCode.findMany({ where: { codeHash: { in: demoAccessCodeHashes(now) }, revokedAt: null }, select: { hint: true, organization: { select: { name: true } } } }),
  ]);
  return [
    ...(users.length ? [`demo accounts (${users.map((u) => u.email).join(", ")})`] : []),
    ...(tokens.length ? ["the demo admin API token (README's demo-admin-token)"] : []),
    ...(codes.length ? [`demo access codes (${codes.map((c) => `${c.organization.name} …${c.hint}`).join(", ")})`] : []),
  ];
}

/**
 * A deployment marked APP_DEPLOYMENT=production refuses to start while any demo artifact
 * exists: the demo accounts' passwords, the demo admin token and the demo access codes are
 * public (README), so they must never reach real student data.
 */
export async function assertNoDemoAccountsInProduction(deployment = process.env.APP_DEPLOYMENT): Promise<void> {
  if (deployment !== "production") return;
  const found = await findDemoArtifacts();
  if (found.length) {
    throw new Error(
      `Refusing to start: APP_DEPLOYMENT=production but demo data exists: ${found.join("; ")}. ` +
        "Remove demo accounts, revoke the demo admin token and demo access codes (or use a fresh database) before serving real data.",
    );
  }
}
