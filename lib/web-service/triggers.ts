/**
 * "How to Trigger Your IT System" (seed 000): the two recommended ways to start a web-service
 * download, as data, so the reference page shows them and a test runs them. Pure: no I/O.
 *
 * The examples call one script (`download.sh` / `download.cmd`): the curl sample on the same
 * page, which always asks for downloadType "new" and treats "no score orders found" as success,
 * so running it more often than reports arrive is harmless.
 */

export const DOWNLOAD_SCRIPT = "/opt/ap-scores/download.sh";
export const WINDOWS_DOWNLOAD_SCRIPT = "C:\\ap-scores\\download.cmd";

/**
 * A procmail recipe (a mailbox rule on the machine that receives the registered address's
 * mail) matching the notification email's subject for one DI code — the daily email and the
 * "[Test]" one the Notifications page sends, never another institution's (the DI code is
 * closed by its parenthesis, so 5818 does not match 58180).
 */
export function emailTriggerRecipe(diCode: string): string {
  return [
    "# ~/.procmailrc on the machine that receives the registered account's email",
    ":0 c",
    `* ^Subject: (\\[Test\\] )?New AP score reports for .* \\(DI code ${diCode}\\)$`,
    `| ${DOWNLOAD_SCRIPT}`,
  ].join("\n");
}

/** The recipe's condition as a JavaScript RegExp over one "Subject: …" header line. */
export function emailTriggerPattern(diCode: string): RegExp {
  const condition = emailTriggerRecipe(diCode)
    .split("\n")
    .find((l) => l.startsWith("* "))!;
  return new RegExp(condition.slice(2));
}

export type ScheduleFrequency = "daily" | "every other day" | "weekly" | "biweekly" | "monthly";

export interface ScheduleExample {
  frequency: ScheduleFrequency;
  /** When it runs, in words. */
  when: string;
  /** One crontab line (Linux, macOS): cron turns `\%` into `%`. */
  cron: string;
  /** One Windows Task Scheduler command. */
  windows: string;
  /** Why the cron line looks the way it does, when it is not obvious. */
  note?: string;
}

const task = (schedule: string) => `schtasks /Create /TN "AP score reports" /TR "${WINDOWS_DOWNLOAD_SCRIPT}" ${schedule} /ST 06:30`;

/**
 * One worked example per frequency the seed names. Any time of day works, since "new" always
 * continues from the last logged file; 6:30 AM puts the file in place before the working day.
 */
export const SCHEDULE_EXAMPLES: readonly ScheduleExample[] = [
  { frequency: "daily", when: "Every day at 6:30 AM", cron: `30 6 * * * ${DOWNLOAD_SCRIPT}`, windows: task("/SC DAILY") },
  {
    frequency: "every other day",
    when: "Every second day at 6:30 AM",
    cron: `30 6 * * * [ $(( $(date +\\%s) / 86400 \\% 2 )) -eq 0 ] && ${DOWNLOAD_SCRIPT}`,
    windows: task("/SC DAILY /MO 2"),
    note: "Runs on even-numbered days counted from 1970, so it alternates across month ends (cron's */2 would run on both the 31st and the 1st).",
  },
  { frequency: "weekly", when: "Every Monday at 6:30 AM", cron: `30 6 * * 1 ${DOWNLOAD_SCRIPT}`, windows: task("/SC WEEKLY /D MON") },
  {
    frequency: "biweekly",
    when: "Every second Monday at 6:30 AM",
    cron: `30 6 * * 1 [ $(( $(date +\\%s) / 604800 \\% 2 )) -eq 0 ] && ${DOWNLOAD_SCRIPT}`,
    windows: task("/SC WEEKLY /MO 2 /D MON"),
    note: 'Cron has no "every two weeks": the line runs every Monday and goes on only in even-numbered weeks counted from 1970.',
  },
  { frequency: "monthly", when: "The 1st of every month at 6:30 AM", cron: `30 6 1 * * ${DOWNLOAD_SCRIPT}`, windows: task("/SC MONTHLY /D 1") },
];
