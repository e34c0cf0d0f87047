/**
 * The "How to Trigger Your IT System" examples do what the page says: the mail rule matches the
 * notification emails of its DI code only, and each crontab line, run by a real shell for twelve
 * weeks of days, runs exactly on the days its frequency names.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { composeNotificationEmail } from "@/lib/notifications/rules";
import { DOWNLOAD_SCRIPT, SCHEDULE_EXAMPLES, emailTriggerPattern, emailTriggerRecipe } from "@/lib/web-service/triggers";

function subject(kind: "DAILY" | "TEST", diCode: string): string {
  return composeNotificationEmail({
    kind,
    firstName: "Pat",
    institutionName: "Example University",
    diCode,
    reportCount: 3,
    windowStart: new Date("2026-07-01T11:00:00Z"),
    windowEnd: new Date("2026-07-02T11:00:00Z"),
    baseUrl: "https://scores.example.edu",
    organizationId: "00000000-0000-0000-0000-000000000001",
  }).subject;
}

describe("email trigger", () => {
  it("matches the daily and the test notification of its DI code, and nothing else", () => {
    const rule = emailTriggerPattern("5818");
    expect(rule.test(`Subject: ${subject("DAILY", "5818")}`)).toBe(true);
    expect(rule.test(`Subject: ${subject("TEST", "5818")}`)).toBe(true);
    expect(rule.test(`Subject: ${subject("DAILY", "58180")}`)).toBe(false);
    expect(rule.test(`Subject: ${subject("DAILY", "4866")}`)).toBe(false);
    expect(rule.test("Subject: Your password expires soon")).toBe(false);
    expect(emailTriggerRecipe("5818")).toContain(`| ${DOWNLOAD_SCRIPT}`);
  });
});

describe("scheduled downloads", () => {
  // A `date` that prints the simulated time, so the guards in the crontab lines see each day.
  const bin = mkdtempSync(path.join(tmpdir(), "fake-date-"));
  writeFileSync(path.join(bin, "date"), '#!/bin/sh\necho "$FAKE_EPOCH"\n');
  chmodSync(path.join(bin, "date"), 0o755);

  /** The days (UTC, at 06:30) in 12 weeks from 2026-01-01 on which cron would start the script. */
  function runDays(cron: string): string[] {
    const [minute, hour, dayOfMonth, month, dayOfWeek, ...command] = cron.split(" ");
    expect([minute, hour, month]).toEqual(["30", "6", "*"]);
    // cron turns \% into %, and the script is replaced by a marker.
    const shell = command.join(" ").replaceAll("\\%", "%").replace(DOWNLOAD_SCRIPT, "echo RAN");
    const days: string[] = [];
    for (let i = 0; i < 84; i++) {
      const at = new Date(Date.UTC(2026, 0, 1 + i, 6, 30));
      if (dayOfMonth !== "*" && Number(dayOfMonth) !== at.getUTCDate()) continue;
      if (dayOfWeek !== "*" && Number(dayOfWeek) !== at.getUTCDay()) continue;
      let out = "";
      try {
        out = execFileSync("/bin/sh", ["-c", shell], {
          env: { ...process.env, PATH: `${bin}:/usr/bin:/bin`, FAKE_EPOCH: String(at.getTime() / 1000) },
        }).toString();
      } catch {
        // A guard that is false ends the && list with status 1: not run that day.
      }
      if (out.includes("RAN")) days.push(at.toISOString().slice(0, 10));
    }
    return days;
  }

  const gaps = (days: string[]) => days.slice(1).map((d, i) => (Date.parse(d) - Date.parse(days[i]!)) / 86_400_000);
  const example = (f: string) => SCHEDULE_EXAMPLES.find((e) => e.frequency === f)!;

  it("names every frequency of the seed once", () => {
    expect(SCHEDULE_EXAMPLES.map((e) => e.frequency)).toEqual(["daily", "every other day", "weekly", "biweekly", "monthly"]);
  });

  it("daily runs every day", () => {
    expect(runDays(example("daily").cron)).toHaveLength(84);
  });

  it("every other day alternates, also across month ends", () => {
    const days = runDays(example("every other day").cron);
    expect(days).toHaveLength(42);
    expect(new Set(gaps(days))).toEqual(new Set([2]));
  });

  it("weekly runs every Monday", () => {
    const days = runDays(example("weekly").cron);
    expect(days).toHaveLength(12);
    expect(new Set(gaps(days))).toEqual(new Set([7]));
    expect(days.every((d) => new Date(d).getUTCDay() === 1)).toBe(true);
  });

  it("biweekly runs every second Monday", () => {
    const days = runDays(example("biweekly").cron);
    expect(days).toHaveLength(6);
    expect(new Set(gaps(days))).toEqual(new Set([14]));
  });

  it("monthly runs on the 1st", () => {
    expect(runDays(example("monthly").cron)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01"]);
  });

  it("the Windows tasks use Task Scheduler's own intervals", () => {
    expect(example("every other day").windows).toContain("/SC DAILY /MO 2");
    expect(example("biweekly").windows).toContain("/SC WEEKLY /MO 2 /D MON");
  });
});
