/**
 * Every email goes out from MAIL_FROM with replies going to SUPPORT_EMAIL, through a real SMTP
 * server (lib/test/smtp.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { closeMailTransports, sendEmail, smtpConfigFromEnv } from "@/lib/mail/mutations";
import { startSmtpSink, type SmtpSink } from "@/lib/test/smtp";

let sink: SmtpSink;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_HOST = "127.0.0.1";
  process.env.SMTP_PORT = String(sink.port);
  process.env.MAIL_FROM = "Registrar Tools <scores@test.example>";
  process.env.SUPPORT_EMAIL = "help-desk@test.example";
  resetEnvCache();
});

afterAll(async () => {
  closeMailTransports();
  await sink.close();
});

describe("sender and reply address", () => {
  it("sends from MAIL_FROM with Reply-To SUPPORT_EMAIL", async () => {
    const sent = await sendEmail({ to: "pat@test.example", subject: "Hello", text: "Hi" }, smtpConfigFromEnv());
    expect(sent.transport).toBe("smtp");
    const mail = sink.received.at(-1)!;
    expect(mail.from).toBe("scores@test.example");
    expect(mail.headers.from).toBe("Registrar Tools <scores@test.example>");
    expect(mail.headers["reply-to"]).toBe("help-desk@test.example");
  });
});
