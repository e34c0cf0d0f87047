import { prisma } from "@/lib/db";
import { DEMO_EMAILS } from "@/prisma/demo-data";
import { K12_DEMO_EMAILS } from "@/prisma/demo-data-k12";

/**
 * A deployment marked APP_DEPLOYMENT=production refuses to start while demo accounts exist:
 * their passwords are public (README), so they must never reach real student data.
 */
export async function assertNoDemoAccountsInProduction(deployment = process.env.APP_DEPLOYMENT): Promise<void> {
  if (deployment !== "production") return;
  const demo = await prisma.user.findMany({ where: { email: { in: [...DEMO_EMAILS, ...K12_DEMO_EMAILS] } }, select: { email: true } });
  if (demo.length) {
    throw new Error(
      `Refusing to start: APP_DEPLOYMENT=production but demo accounts exist (${demo.map((d) => d.email).join(", ")}). ` +
        "Remove them (or use a fresh database) before serving real data.",
    );
  }
}
