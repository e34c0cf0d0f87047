import { refuseDemoDataInProduction, type DemoArtifacts } from "@/lib/production-guard";
import { DEMO_ADMIN_TOKEN, DEMO_EMAILS, DEMO_INSTITUTIONS } from "@/prisma/demo-data";
import { K12_DEMO_EMAILS, K12_DEMO_SCHOOLS, k12DemoAccessCode } from "@/prisma/demo-data-k12";

/**
 * Every published demo artifact. The K-12 demo codes carry the year the seed ran in, so every
 * year a database could have been seeded in is covered.
 */
export function demoArtifacts(now = new Date()): DemoArtifacts {
  const accessCodes: string[] = Object.values(DEMO_INSTITUTIONS).map((i) => i.accessCode);
  for (let year = 2020; year <= now.getUTCFullYear() + 1; year++) {
    for (const school of Object.values(K12_DEMO_SCHOOLS)) accessCodes.push(k12DemoAccessCode(school.code, year));
  }
  return { emails: [...DEMO_EMAILS, ...K12_DEMO_EMAILS], adminToken: DEMO_ADMIN_TOKEN, accessCodes };
}

/** The production start-up guard, given every demo artifact (higher-ed and K-12). */
export function assertNoDemoAccountsInProduction(deployment?: string): Promise<void> {
  return refuseDemoDataInProduction(demoArtifacts(), deployment);
}
