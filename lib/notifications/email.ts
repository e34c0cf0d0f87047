/** The notification email's words. Pure: data in, subject and bodies out. */
import { formatDateTime } from "@/lib/dates";
import { REPORTING_TIME_ZONE } from "@/lib/env";

export interface NotificationEmailInput {
  kind: "DAILY" | "TEST";
  firstName: string;
  institutionName: string;
  diCode: string;
  reportCount: number;
  windowStart: Date;
  windowEnd: Date;
  /** Where the portal lives, e.g. https://scores.example.edu */
  baseUrl: string;
  organizationId: string;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** "5 new score reports" / "1 new score report" */
export function reportCountPhrase(count: number): string {
  return `${count} new score report${count === 1 ? "" : "s"}`;
}

export function composeNotificationEmail(input: NotificationEmailInput): ComposedEmail {
  const base = input.baseUrl.replace(/\/+$/, "");
  const portalLink = `${base}/bulk?institution=${encodeURIComponent(input.organizationId)}`;
  const settingsLink = `${base}/notifications`;
  const window = `from ${formatDateTime(input.windowStart)} to ${formatDateTime(input.windowEnd)} (time zone ${REPORTING_TIME_ZONE})`;
  const test = input.kind === "TEST";
  const subject = `${test ? "[Test] " : ""}New AP score reports for ${input.institutionName} (DI code ${input.diCode})`;
  const lead = test
    ? `This is a test notification you requested. A daily notification would say: ${reportCountPhrase(input.reportCount)} released to ${input.institutionName} (DI code ${input.diCode}) ${window}.`
    : `${reportCountPhrase(input.reportCount)} ${input.reportCount === 1 ? "was" : "were"} released to ${input.institutionName} (DI code ${input.diCode}) ${window}.`;
  const text = [
    `Hello ${input.firstName},`,
    "",
    lead,
    "",
    `Sign in to AP Higher Education Score Reports to download them: ${portalLink}`,
    "Your incremental file (TXT or CSV, in the portal or through the web service) contains every report released since your last full or incremental download.",
    "",
    `You receive this email because notifications are on for ${input.institutionName}. Change this at ${settingsLink}`,
  ].join("\n");
  const html = [
    `<p>Hello ${escapeHtml(input.firstName)},</p>`,
    `<p>${escapeHtml(lead)}</p>`,
    `<p><a href="${escapeHtml(portalLink)}">Sign in to AP Higher Education Score Reports</a> to download them. Your incremental file (TXT or CSV, in the portal or through the web service) contains every report released since your last full or incremental download.</p>`,
    `<p style="color:#555">You receive this email because notifications are on for ${escapeHtml(input.institutionName)}. <a href="${escapeHtml(settingsLink)}">Manage notifications</a>.</p>`,
  ].join("\n");
  return { subject, text, html };
}
