/** The schedules a delivery can follow, as the form offers them. No imports: used by the client form too. */
export const SCHEDULES = ["AFTER_RELEASE", "HOURLY", "DAILY", "WEEKDAYS", "EVERY_OTHER_DAY", "WEEKLY", "BIWEEKLY", "MONTHLY"] as const;
export type Schedule = (typeof SCHEDULES)[number];

export const SCHEDULE_LABELS: Record<Schedule, string> = {
  AFTER_RELEASE: "After each release (within a minute)",
  HOURLY: "Hourly",
  DAILY: "Daily",
  WEEKDAYS: "Weekdays only (Monday to Friday)",
  EVERY_OTHER_DAY: "Every other day",
  WEEKLY: "Weekly",
  BIWEEKLY: "Every two weeks",
  MONTHLY: "Monthly",
};

export const WEEKDAY_LABELS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export interface ScheduleSettings {
  schedule: Schedule;
  /** "HH:MM", 24-hour. */
  time: string;
  /** WEEKLY/BIWEEKLY: 0 (Sunday) … 6. MONTHLY: 1 … 28. */
  day: number;
}

/** Whether a run uses the time and which kind of day it needs, for the form. */
export function scheduleUses(schedule: Schedule): { time: boolean; weekday: boolean; monthDay: boolean } {
  return {
    time: schedule !== "AFTER_RELEASE" && schedule !== "HOURLY",
    weekday: schedule === "WEEKLY" || schedule === "BIWEEKLY",
    monthDay: schedule === "MONTHLY",
  };
}
