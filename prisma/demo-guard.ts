import { refuseAccountsInProduction } from "@/lib/production-guard";
import { DEMO_EMAILS } from "@/prisma/demo-data";
import { K12_DEMO_EMAILS } from "@/prisma/demo-data-k12";

/** The production start-up guard, given every demo account (higher-ed and K-12). */
export function assertNoDemoAccountsInProduction(deployment?: string): Promise<void> {
  return refuseAccountsInProduction([...DEMO_EMAILS, ...K12_DEMO_EMAILS], deployment);
}
