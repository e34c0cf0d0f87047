import { audit } from "@/lib/audit";
import { prisma } from "@/lib/db";
import { sendEmail } from "@/lib/mail/mutations";
import { allows } from "@/lib/permissions";

export interface FailingDelivery {
  organizationId: string;
  institutionName: string;
  diCode: string;
  host: string;
  failures: number;
  reason: string;
}

/**
 * Tells the institution's administrators that deliveries to their SFTP server keep failing,
 * once per run of failures (a success re-arms it). No student data is in the email.
 */
export async function notifyDeliveryFailing(f: FailingDelivery): Promise<number> {
  const members = await prisma.membership.findMany({
    where: { organizationId: f.organizationId, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    select: { role: true, user: { select: { email: true } } },
  });
  const recipients = [...new Set(members.filter((m) => allows({ role: m.role }, "bulk:download")).map((m) => m.user.email))];
  for (const to of recipients) {
    await sendEmail({
      to,
      subject: `AP score reports are not reaching your SFTP server (${f.institutionName})`,
      text: [
        `Deliveries of new AP score reports for ${f.institutionName} (DI code ${f.diCode}) to ${f.host} have failed ${f.failures} times in a row.`,
        "",
        `Reason: ${f.reason}`,
        "",
        "We keep trying on the delivery schedule, and no score report is lost: everything new is delivered once the server accepts it.",
        "To check the settings, sign in to the portal and open SFTP Delivery, then use Test connection.",
      ].join("\n"),
    });
  }
  await audit({
    actorType: "system",
    actorLabel: "SFTP delivery",
    action: "sftp.failure-notified",
    organizationId: f.organizationId,
    details: { recipients: recipients.length, failures: f.failures, reason: f.reason },
  });
  return recipients.length;
}
