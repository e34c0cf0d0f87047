/**
 * Access codes reach the person they are meant for, by email:
 * - a college's code goes to the institution's primary contact (seed 000: "If you're the primary
 *   point of contact for your institution, you'll have received an access code via email"),
 *   when a program administrator issues, rotates or resends it;
 * - a school's yearly K-12 code goes to the school's principal (seed 002: "Each year, College
 *   Board will email access codes to principals designated on their school's participation
 *   forms"), when the program's loader creates it.
 * The code is sealed at rest (lib/crypto.ts) so that it can be sent again and shown to the
 * principal; every email is recorded (to whom, when, whether it went) for the admin console.
 */
import { actorFields, audit, type AdminActor } from "@/lib/audit";
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { formatLongDate } from "@/lib/dates";
import { fieldRefusal, refusal, type Result } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { sendEmail, type OutgoingEmail } from "@/lib/mail/mutations";
import { portalBaseUrl } from "@/lib/env";

export type DeliveryReason = "issued" | "rotated" | "resent" | "loaded";

export interface AccessCodeDeliveryItem {
  id: string;
  email: string;
  reason: string;
  requestedBy: string;
  /** Null when the send failed. */
  sentAt: string | null;
  error: string | null;
  createdAt: string;
}

// ───────────────────────────── the emails ─────────────────────────────

/** The higher-ed code email: the seed's steps (Get Access, the exact institution name, the terms). */
export function collegeCodeEmail(to: string, institution: { name: string; diCode: string; contactName: string }, code: string): OutgoingEmail {
  const base = portalBaseUrl();
  return {
    to,
    subject: `Your access code for AP Higher Ed Score Reports: ${institution.name}`,
    text: [
      `Dear ${institution.contactName || "colleague"},`,
      "",
      `As the primary point of contact for ${institution.name} (DI code ${institution.diCode}), you are receiving your institution's access code for the AP Higher Ed Score Reports portal and web service:`,
      "",
      `    ${code}`,
      "",
      "This access code can be distributed to other staff at your organization who need access to AP score reports. Keep it in a secure place.",
      "",
      "Once you've created your College Board account, add access to it with this code:",
      `1. Sign in to your College Board account (${base}/signin).`,
      "2. Navigate to My Dashboard to view available College Board tools and services.",
      "3. Scroll toward the bottom of the page. Expand the heading Higher Education.",
      "4. Click on Get Access next to the AP Higher Ed Score Reports option.",
      "5. On the following page, search for and select your Professional Organization.",
      "6. Enter the access code you were provided. Click on Add.",
      "",
      `TIP: Use the exact institution name as shown in this email when searching for your professional organization: ${institution.name}. The code will only work for this specific institution, even if others have similar names.`,
      "",
      "Then accept the site terms of use, and navigate to the user dashboard. This will activate the daily email notifications about new score reports to the email address on your account. This action will also authorize your account to be able to use the web service to automate file downloads.",
      "",
      "Contact aphigheredscorereports@collegeboard.org immediately if your institution hasn't received their access code and instructions.",
    ].join("\n"),
  };
}

/** The K-12 school code email to a principal (seed 002's sharing rules). */
export function schoolCodeEmail(
  to: { email: string; firstName: string },
  school: { name: string; code: string },
  code: string,
  settings: { maxRedemptions: number | null; expiresAt: Date | null },
): OutgoingEmail {
  const base = portalBaseUrl();
  const seats = settings.maxRedemptions ?? 5;
  return {
    to: to.email,
    subject: `Your school access code for AP Score Reports for K-12 Educators: ${school.name}`,
    text: [
      `Dear ${to.firstName || "principal"},`,
      "",
      `Each year, College Board emails access codes to principals designated on their school's participation forms. This year's access code for ${school.name} (AI code ${school.code}) is:`,
      "",
      `    ${code}`,
      "",
      `School principals may share their school access code to provide access to AP Score Reports for K–12 Educators with up to ${seats === 1 ? "one staff member" : `${seats} staff members`}. Keep the access code in a secure place and distribute it only to staff with the appropriate permissions to view student-level data: with school administrator-level access, staff members will have access to all student-level results from the school, including subjects outside their department.`,
      "",
      `Staff enter the code on the Enter School Access Code page (${base}/k12/access). The Manage Access page (${base}/k12/staff) shows the code, how many staff have used it and who, and lets you remove access for staff who no longer need it.`,
      ...(settings.expiresAt ? ["", `The code works until ${formatLongDate(settings.expiresAt)}.`] : []),
    ].join("\n"),
  };
}

// ───────────────────────────── sending and recording ─────────────────────────────

function item(row: {
  id: string;
  email: string;
  reason: string;
  requestedBy: string;
  sentAt: Date | null;
  error: string | null;
  createdAt: Date;
}): AccessCodeDeliveryItem {
  return { ...row, sentAt: row.sentAt?.toISOString() ?? null, createdAt: row.createdAt.toISOString() };
}

/**
 * Sends one code email and records the attempt. A failed send does not throw: the failure is
 * recorded with the mail server's reason and the administrator can resend.
 */
export async function deliverAccessCode(
  accessCodeId: string,
  email: OutgoingEmail,
  reason: DeliveryReason,
  requestedBy: string,
): Promise<AccessCodeDeliveryItem> {
  let sentAt: Date | null = null;
  let transport: string | null = null;
  let error: string | null = null;
  try {
    transport = (await sendEmail(email)).transport;
    sentAt = new Date();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    logger.error({ err: e, accessCodeId, reason }, "access code email not sent");
  }
  const row = await prisma.accessCodeDelivery.create({
    data: { accessCodeId, email: email.to, reason, requestedBy, sentAt, transport, error },
    select: { id: true, email: true, reason: true, requestedBy: true, sentAt: true, error: true, createdAt: true },
  });
  return item(row);
}

/**
 * Emails a newly issued or rotated college code to the institution's primary contact. Null when
 * the institution has no contact email (the console says so and the code is shown to the
 * administrator as before).
 */
export async function deliverCollegeCode(
  accessCodeId: string,
  code: string,
  reason: "issued" | "rotated",
  actor: AdminActor,
): Promise<AccessCodeDeliveryItem | null> {
  const row = await prisma.accessCode.findUniqueOrThrow({
    where: { id: accessCodeId },
    select: { organization: { select: { name: true, code: true, contactName: true, contactEmail: true } } },
  });
  const org = row.organization;
  if (!org.contactEmail) return null;
  return deliverAccessCode(
    accessCodeId,
    collegeCodeEmail(org.contactEmail, { name: org.name, diCode: org.code, contactName: org.contactName }, code),
    reason,
    actor.label,
  );
}

/**
 * The console's and the admin API's "Resend": emails an active college code again to the
 * institution's current primary contact. 409 when the code is revoked, when it was made before
 * codes were kept for resending (rotate it instead), or when the institution has no contact email.
 */
export async function resendAccessCode(diCode: string, id: string, actor: AdminActor): Promise<Result<{ delivery: AccessCodeDeliveryItem }>> {
  const row = await prisma.accessCode.findFirst({
    where: { id, organization: { kind: "COLLEGE", code: diCode } },
    select: {
      id: true,
      hint: true,
      revokedAt: true,
      codeSealed: true,
      organizationId: true,
      organization: { select: { name: true, code: true, contactName: true, contactEmail: true } },
    },
  });
  if (!row) return refusal("NOT_FOUND", "This institution has no such access code.");
  if (row.revokedAt) return refusal("CONFLICT", "This access code has been revoked; issue or rotate a code instead.");
  if (!row.codeSealed)
    return refusal("CONFLICT", "This access code was issued before codes were kept for resending. Rotate it to send the contact a new code.");
  const org = row.organization;
  if (!org.contactEmail)
    return fieldRefusal("CONFLICT", "contactEmail", "This institution has no primary contact email. Add one in the institution details first.");
  const delivery = await deliverAccessCode(
    row.id,
    collegeCodeEmail(org.contactEmail, { name: org.name, diCode: org.code, contactName: org.contactName }, decryptSecret(row.codeSealed)),
    "resent",
    actor.label,
  );
  await audit({
    ...actorFields(actor),
    action: "admin.access-code.sent",
    organizationId: row.organizationId,
    details: { diCode, accessCodeId: row.id, hint: row.hint, to: delivery.email, sent: delivery.sentAt !== null },
  });
  if (!delivery.sentAt) return refusal("UNAVAILABLE", `The access code email could not be sent: ${delivery.error ?? "unknown error"}`);
  return { ok: true, delivery };
}
