import { prisma } from "@/lib/db";
import { env, portalBaseUrl } from "@/lib/env";
import { formatLongDate } from "@/lib/dates";
import { logger } from "@/lib/logger";
import { MailDeliveryError, sendEmail } from "@/lib/mail/mutations";

/** How long before the password expires the reminder goes out. */
export const PASSWORD_REMINDER_DAYS = 14;
const DAY = 86_400_000;

export function composePasswordReminder(input: { firstName: string; expiresAt: Date; baseUrl: string }): { subject: string; text: string } {
  const settings = `${input.baseUrl.replace(/\/+$/, "")}/settings`;
  const when = formatLongDate(input.expiresAt);
  return {
    subject: `Your AP Higher Ed Score Reports password expires on ${when}`,
    text: [
      `Hello ${input.firstName},`,
      "",
      `The password of your educator account expires on ${when}. Passwords must be updated periodically: after that date you will be asked to change it when you sign in, and calls to the web service with it will fail.`,
      "",
      `Change it now in Account Settings: ${settings}`,
      "If scripts call the web service with this password, update them with the new one (or use an app password, which does not expire).",
    ].join("\n"),
  };
}

/**
 * The daily reminder (a job in lib/worker/worker.ts): every account whose password expires
 * within PASSWORD_REMINDER_DAYS and has not been reminded for this password gets one email.
 * Each account is claimed in one UPDATE first, so two workers never both send; a failed send
 * releases the claim and the next run tries again.
 */
export async function sendPasswordExpiryReminders(now = new Date()): Promise<{ sent: number; failed: number }> {
  const maxAgeDays = env().PASSWORD_MAX_AGE_DAYS;
  if (maxAgeDays <= 0) return { sent: 0, failed: 0 };
  const maxAge = maxAgeDays * DAY;
  // Changed long enough ago to expire within the reminder window, but not expired yet.
  const changedBetween = { gt: new Date(now.getTime() - maxAge), lte: new Date(now.getTime() - maxAge + PASSWORD_REMINDER_DAYS * DAY) };
  const due = await prisma.user.findMany({
    where: { passwordChangedAt: changedBetween },
    select: { id: true, email: true, firstName: true, passwordChangedAt: true, passwordReminderSentAt: true },
    orderBy: { passwordChangedAt: "asc" },
    take: 5_000,
  });
  let sent = 0;
  let failed = 0;
  for (const user of due) {
    if (user.passwordReminderSentAt && user.passwordReminderSentAt >= user.passwordChangedAt) continue;
    const claimed = await prisma.user.updateMany({
      where: {
        id: user.id,
        passwordChangedAt: user.passwordChangedAt,
        OR: [{ passwordReminderSentAt: null }, { passwordReminderSentAt: { lt: user.passwordChangedAt } }],
      },
      data: { passwordReminderSentAt: now },
    });
    if (claimed.count !== 1) continue;
    const email = composePasswordReminder({
      firstName: user.firstName,
      expiresAt: new Date(user.passwordChangedAt.getTime() + maxAge),
      baseUrl: portalBaseUrl(),
    });
    try {
      await sendEmail({ to: user.email, ...email, messageId: `<password-reminder-${user.id}-${user.passwordChangedAt.getTime()}@ap-score-reports>` });
      sent++;
    } catch (error) {
      if (!(error instanceof MailDeliveryError)) throw error;
      failed++;
      logger.warn({ userId: user.id, error: error.message }, "password reminder not sent; retried on the next run");
      await prisma.user.updateMany({ where: { id: user.id, passwordReminderSentAt: now }, data: { passwordReminderSentAt: null } });
    }
  }
  return { sent, failed };
}
