import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { hashAccessCode, hashSecretToken } from "@/lib/access-codes/rules";

/** The published demo artifacts; prisma/demo-guard.ts lists them from the demo data. */
export interface DemoArtifacts {
  emails: readonly string[];
  adminToken: string;
  accessCodes: readonly string[];
}

/** Every demo artifact still in the database, described for the operator (empty when clean). */
export async function findDemoArtifacts(demo: DemoArtifacts): Promise<string[]> {
  const [users, tokens, codes] = await Promise.all([
    prisma.user.findMany({ where: { email: { in: [...demo.emails] } }, select: { email: true } }),
    // A revoked demo token or code is harmless: only live ones block the start.
    prisma.adminApiToken.findMany({ where: { tokenHash: hashSecretToken(demo.adminToken), revokedAt: null }, select: { name: true } }),
    prisma.accessCode.findMany({
      where: { codeHash: { in: demo.accessCodes.map(hashAccessCode) }, revokedAt: null },
      select: { hint: true, organization: { select: { name: true } } },
    }),
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
 * public (README), so they must never reach real student data. The demo data itself lives in
 * prisma/ (prisma/demo-guard.ts passes it in).
 */
export async function refuseDemoDataInProduction(demo: DemoArtifacts, deployment: string = env().APP_DEPLOYMENT): Promise<void> {
  if (deployment !== "production") return;
  const found = await findDemoArtifacts(demo);
  if (found.length) {
    throw new Error(
      `Refusing to start: APP_DEPLOYMENT=production but demo data exists: ${found.join("; ")}. ` +
        "Remove demo accounts, revoke the demo admin token and demo access codes (or use a fresh database) before serving real data.",
    );
  }
}
