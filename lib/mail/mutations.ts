import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Stable per delivery, so a mail client can drop a duplicate after a crash-and-retry. */
  messageId?: string;
  headers?: Record<string, string>;
}

export interface SentEmail {
  transport: "smtp" | "outbox";
  messageId: string | null;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string | undefined;
  password?: string | undefined;
  from: string;
  /** Where replies go: the support address (SUPPORT_EMAIL). */
  replyTo?: string | undefined;
}

/** A send that did not happen, with a message an operator can act on. */
export class MailDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MailDeliveryError";
  }
}

/** SMTP settings from the environment, or null when emails go to the outbox table instead. */
export function smtpConfigFromEnv(): SmtpConfig | null {
  const e = env();
  if (!e.SMTP_HOST) return null;
  return {
    host: e.SMTP_HOST,
    port: e.SMTP_PORT ?? (e.SMTP_SECURE ? 465 : 587),
    secure: e.SMTP_SECURE,
    user: e.SMTP_USER,
    password: e.SMTP_PASSWORD,
    from: e.MAIL_FROM,
    replyTo: e.SUPPORT_EMAIL,
  };
}

// One pooled transporter per configuration, kept across hot reloads.
const transporters = ((globalThis as { __apMailTransporters?: Map<string, nodemailer.Transporter<SMTPTransport.SentMessageInfo>> }).__apMailTransporters ??=
  new Map());

function transporterFor(config: SmtpConfig): nodemailer.Transporter<SMTPTransport.SentMessageInfo> {
  const key = JSON.stringify([config.host, config.port, config.secure, config.user ?? ""]);
  let transporter = transporters.get(key);
  if (!transporter) {
    transporter = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(config.user ? { auth: { user: config.user, pass: config.password ?? "" } } : {}),
      // A dead mail server must fail the attempt quickly (the job is retried), not hang a worker.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    transporters.set(key, transporter);
  }
  return transporter;
}

/** Turns nodemailer's error into a sentence saying what went wrong and where. */
export function describeSmtpError(error: unknown, config: Pick<SmtpConfig, "host" | "port">): string {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const where = `${config.host}:${config.port}`;
  if (e.responseCode && e.responseCode >= 400) {
    const reply = (e.response ?? e.message ?? "").trim().slice(0, 300);
    return `The mail server ${where} refused the message (${e.responseCode}): ${reply}`;
  }
  if (e.code === "EAUTH") return `The mail server ${where} did not accept the SMTP user name or password.`;
  if (e.code === "ETIMEDOUT") return `The mail server ${where} did not answer in time.`;
  if (e.code === "ECONNECTION" || e.code === "ESOCKET" || e.code === "EDNS") {
    return `Could not reach the mail server ${where}: ${(e.message ?? e.code).slice(0, 200)}`;
  }
  return `Sending through ${where} failed: ${(e.message ?? String(error)).slice(0, 300)}`;
}

/**
 * Sends one email over SMTP when SMTP_HOST is configured; otherwise writes it to the
 * OutboxEmail table (the embedded default), where administrators and tests read it.
 * Failures throw MailDeliveryError; callers record them and retry.
 */
export async function sendEmail(email: OutgoingEmail, config: SmtpConfig | null = smtpConfigFromEnv()): Promise<SentEmail> {
  if (!config) {
    await prisma.outboxEmail.create({ data: { to: email.to, subject: email.subject, text: email.text, html: email.html ?? null } });
    return { transport: "outbox", messageId: email.messageId ?? null };
  }
  try {
    const info = await transporterFor(config).sendMail({
      from: config.from,
      ...(config.replyTo ? { replyTo: config.replyTo } : {}),
      to: email.to,
      subject: email.subject,
      text: email.text,
      ...(email.html ? { html: email.html } : {}),
      ...(email.messageId ? { messageId: email.messageId } : {}),
      ...(email.headers ? { headers: email.headers } : {}),
    });
    if (info.rejected.length) throw Object.assign(new Error(`recipient refused: ${info.rejected.join(", ")}`), { responseCode: 550, response: info.response });
    return { transport: "smtp", messageId: info.messageId ?? null };
  } catch (error) {
    throw new MailDeliveryError(describeSmtpError(error, config));
  }
}

/** Closes pooled SMTP connections (worker shutdown, tests). */
export function closeMailTransports(): void {
  for (const t of transporters.values()) t.close();
  transporters.clear();
}
