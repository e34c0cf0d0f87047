import { describe, expect, it } from "vitest";

// Read once by lib/env: set before anything asks (a year, the demo default, said explicitly).
process.env.PASSWORD_MAX_AGE_DAYS = "365";
delete process.env.SMTP_HOST;

import { useTestDatabase } from "@/lib/test/db";
import { makeUser } from "@/lib/test/factories";
import { prisma } from "@/lib/db";
import { isPasswordExpired, passwordExpiresAt } from "@/lib/auth/mutations";
import { PASSWORD_REMINDER_DAYS, sendPasswordExpiryReminders } from "@/lib/accounts/password-reminders";

useTestDatabase();

const DAY = 86_400_000;
const now = new Date("2026-11-20T12:00:00Z");
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);

async function outboxFor(email: string) {
  return prisma.outboxEmail.findMany({ where: { to: email }, orderBy: { id: "asc" } });
}

describe("password expiry", () => {
  it("expires a password PASSWORD_MAX_AGE_DAYS after it was set", () => {
    const changed = daysAgo(100);
    expect(passwordExpiresAt(changed)?.getTime()).toBe(changed.getTime() + 365 * DAY);
    expect(isPasswordExpired(changed, now)).toBe(false);
    expect(isPasswordExpired(daysAgo(366), now)).toBe(true);
  });

  it("emails one reminder per password within the reminder window, never for expired or fresh passwords", async () => {
    const soon = await makeUser({ email: "soon@example.edu", firstName: "Sunny", passwordChangedAt: daysAgo(365 - PASSWORD_REMINDER_DAYS + 1) });
    await makeUser({ email: "fresh@example.edu", passwordChangedAt: daysAgo(200) });
    await makeUser({ email: "expired@example.edu", passwordChangedAt: daysAgo(400) });

    expect(await sendPasswordExpiryReminders(now)).toEqual({ sent: 1, failed: 0 });
    const [mail] = await outboxFor("soon@example.edu");
    expect(mail?.subject).toBe("Your AP Higher Ed Score Reports password expires on December 3, 2026");
    expect(mail?.text).toContain("Hello Sunny,");
    expect(mail?.text).toContain("/settings");
    expect(await outboxFor("fresh@example.edu")).toHaveLength(0);
    expect(await outboxFor("expired@example.edu")).toHaveLength(0);

    // The next day's run does not send it again.
    expect(await sendPasswordExpiryReminders(new Date(now.getTime() + DAY))).toEqual({ sent: 0, failed: 0 });
    expect(await outboxFor("soon@example.edu")).toHaveLength(1);

    // A new password that comes due later gets its own reminder.
    const changedAgain = new Date(now.getTime() + 2 * DAY);
    await prisma.user.update({ where: { id: soon.id }, data: { passwordChangedAt: changedAgain } });
    const nextRun = new Date(changedAgain.getTime() + (365 - 3) * DAY);
    expect(await sendPasswordExpiryReminders(nextRun)).toEqual({ sent: 1, failed: 0 });
    expect(await outboxFor("soon@example.edu")).toHaveLength(2);
  });
});
