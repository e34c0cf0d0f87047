import { prisma } from "@/lib/db";
import { env } from "@/lib/env";

/**
 * A deployment marked APP_DEPLOYMENT=production refuses to start while any of the given demo
 * accounts exists: their passwords are public (README), so they must never reach real student
 * data. The demo data itself lives in prisma/ (prisma/demo-guard.ts passes its emails).
 */
export async function refuseAccountsInProduction(emails: readonly string[], deployment: string = env().APP_DEPLOYMENT): Promise<void> {
  if (deployment !== "production") return;
  const demo = await prisma.user.findMany({ where: { email: { in: [...emails] } }, select: { email: true } });
  if (demo.length) {
    throw new Error(
      `Refusing to start: APP_DEPLOYMENT=production but demo accounts exist (${demo.map((d) => d.email).join(", ")}). ` +
        "Remove them (or use a fresh database) before serving real data.",
    );
  }
}
