import { z } from "zod";
import type { RateLimitRule } from "@/lib/rate-limit";
import { SCHEDULES } from "@/lib/sftp-delivery/schedule";

/** Host names and IP literals; no scheme, user or port inside. */
const HOST = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^[0-9a-fA-F:.]+$/;

export const SettingsSchema = z
  .object({
    institutionId: z.uuid("Choose an institution."),
    host: z
      .string({ error: "Enter the SFTP server's host name." })
      .trim()
      .min(1, "Enter the SFTP server's host name.")
      .regex(HOST, "Enter a host name such as sftp.example.edu or an IP address (no sftp://, user or port)."),
    port: z.coerce
      .number({ error: "Enter a port number." })
      .int("Enter a whole port number.")
      .min(1, "Ports are 1 to 65535.")
      .max(65535, "Ports are 1 to 65535."),
    username: z
      .string({ error: "Enter the user name on the SFTP server." })
      .trim()
      .min(1, "Enter the user name on the SFTP server.")
      .max(100, "The user name is too long.")
      .regex(/^[^\s:@/]+$/, "The user name cannot contain spaces, :, @ or /."),
    authMethod: z.enum(["KEY", "PASSWORD"], { error: "Choose key or password authentication." }),
    /** Only with PASSWORD; empty keeps the stored password. */
    password: z.string().max(500, "The password is too long.").optional(),
    remoteDir: z
      .string({ error: "Enter the folder on the server." })
      .trim()
      .min(1, "Enter the folder on the server, such as /incoming/ap or . for the login folder.")
      .max(500, "The folder path is too long.")
      .refine((v) => !v.split("/").includes(".."), "The folder cannot contain .."),
    format: z.enum(["TXT", "CSV"], { error: "Choose TXT or CSV." }),
    schedule: z.enum(SCHEDULES, { error: "Choose a schedule." }),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Enter a time as HH:MM (24-hour).")
      .default("06:00"),
    day: z.coerce.number().int().min(0).max(28).default(1),
    failureThreshold: z.coerce
      .number({ error: "Enter a number of failures." })
      .int("Enter a whole number.")
      .min(1, "Between 1 and 50 failures.")
      .max(50, "Between 1 and 50 failures."),
    enabled: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    if ((v.schedule === "WEEKLY" || v.schedule === "BIWEEKLY") && v.day > 6)
      ctx.addIssue({ code: "custom", path: ["day"], message: "Choose a day of the week." });
    if (v.schedule === "MONTHLY" && (v.day < 1 || v.day > 28))
      ctx.addIssue({ code: "custom", path: ["day"], message: "Choose a day of the month from 1 to 28." });
  });

export type SettingsInput = z.infer<typeof SettingsSchema>;

export const InstitutionOnlySchema = z.object({ institutionId: z.uuid("Choose an institution.") });

export const NOT_SET_UP = "SFTP delivery is not set up for this institution.";

/** Per account: settings changes, and connection tests (each opens a connection to the server). */
export const SETTINGS_RATE_LIMIT: RateLimitRule = {
  name: "sftp-settings",
  limit: 30,
  windowSeconds: 3600,
  message: "Too many changes to the SFTP settings. Try again later.",
};
export const TEST_RATE_LIMIT: RateLimitRule = { name: "sftp-test", limit: 30, windowSeconds: 3600, message: "Too many connection tests. Try again later." };
