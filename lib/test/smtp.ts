/**
 * A real SMTP server for tests (npm `smtp-server`), listening on 127.0.0.1. It records every
 * message it accepts, and can be told to refuse recipients to test failures.
 */
import { SMTPServer } from "smtp-server";

export interface ReceivedEmail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  headers: Record<string, string>;
  /** The text/plain part, quoted-printable decoded. */
  text: string;
}

export interface SmtpSink {
  port: number;
  received: ReceivedEmail[];
  /** Refuse RCPT TO with this SMTP reply while set (e.g. 550 mailbox unavailable). */
  refuseRecipients: { code: number; message: string } | null;
  /** Called when a message starts arriving (a test can act while a send is in progress). */
  onMessageStart: (() => void) | null;
  /** While set, a received message is accepted only once this settles (a slow server). */
  holdBeforeAccept: Promise<void> | null;
  close(): Promise<void>;
}

function decodeQuotedPrintable(value: string): string {
  const bytes = value.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

export function parseEmail(raw: string, from: string, to: string[]): ReceivedEmail {
  const headerEnd = raw.indexOf("\r\n\r\n");
  const headerText = raw.slice(0, headerEnd).replace(/\r\n[ \t]+/g, " ");
  const headers: Record<string, string> = {};
  for (const line of headerText.split("\r\n")) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  // The first text/plain part (nodemailer writes multipart/alternative with text first).
  const plain = /Content-Type: text\/plain[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)(?:\r\n--|$)/i.exec(raw);
  const encodedQp = plain ? /Content-Transfer-Encoding: quoted-printable/i.test(raw.slice(Math.max(0, plain.index ?? 0), (plain.index ?? 0) + 300)) : false;
  const body = plain?.[1] ?? raw.slice(headerEnd + 4);
  // A single-part message names its encoding in the top-level headers (before Content-Type).
  const singlePartQp = !headers["content-type"]?.startsWith("multipart/") && /quoted-printable/i.test(headers["content-transfer-encoding"] ?? "");
  return { from, to, raw, subject: headers.subject ?? "", headers, text: encodedQp || singlePartQp ? decodeQuotedPrintable(body) : body };
}

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const received: ReceivedEmail[] = [];
  const sink: SmtpSink = {
    port: 0,
    received,
    refuseRecipients: null,
    onMessageStart: null,
    holdBeforeAccept: null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (sink.refuseRecipients) {
        const error = Object.assign(new Error(sink.refuseRecipients.message), { responseCode: sink.refuseRecipients.code });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      sink.onMessageStart?.();
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        void Promise.resolve(sink.holdBeforeAccept).then(() => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
          received.push(
            parseEmail(
              raw,
              from,
              session.envelope.rcptTo.map((r) => r.address),
            ),
          );
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  sink.port = (server.server.address() as { port: number }).port;
  return sink;
}
