import http from "node:http";
import https from "node:https";
import { decryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { SIGNATURE_HEADER, signatureHeader, checkWebhookUrlShape, guardedLookup, urlPolicyFor, type UrlPolicy } from "@/lib/webhooks/rules";

const TIMEOUT_MS = 10_000;
const STALE_CLAIM_SECONDS = 10 * 60;
/** Receivers' answers are not stored beyond this (only the status line matters). */
const MAX_RESPONSE_BYTES = 4096;

export type WebhookOutcome =
  | { status: "delivered"; statusCode: number }
  | { status: "failed"; error: string; statusCode: number | null; final: boolean }
  | { status: "done" }
  | { status: "busy" }
  | { status: "cancelled"; reason: string };

interface PostResult {
  statusCode: number | null;
  error: string | null;
}

/** One POST, no redirects followed (a redirect could point anywhere), bounded in time and size. */
export function postSigned(target: URL, body: string, headers: Record<string, string>, policy: UrlPolicy): Promise<PostResult> {
  return new Promise((resolve) => {
    const client = target.protocol === "https:" ? https : http;
    const request = client.request(
      target,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          "Content-Length": String(Buffer.byteLength(body)),
          "User-Agent": "AP-Score-Reports-Webhooks/1.0",
          ...headers,
        },
        lookup: guardedLookup(policy),
        timeout: TIMEOUT_MS,
      },
      (response) => {
        let seen = 0;
        response.on("data", (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MAX_RESPONSE_BYTES) response.destroy();
        });
        const finish = () => {
          const code = response.statusCode ?? 0;
          if (code >= 200 && code < 300) resolve({ statusCode: code, error: null });
          else if (code >= 300 && code < 400)
            resolve({ statusCode: code, error: `The receiver answered with a redirect (${code}); redirects are not followed. Register the final URL.` });
          else resolve({ statusCode: code, error: `The receiver answered HTTP ${code}${response.statusMessage ? ` ${response.statusMessage}` : ""}.` });
        };
        response.on("end", finish);
        response.on("close", finish);
        response.on("error", finish);
      },
    );
    request.on("timeout", () => request.destroy(Object.assign(new Error(`no answer within ${TIMEOUT_MS / 1000} seconds`), { code: "ETIMEDOUT" })));
    request.on("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "ECONNREFUSED"
          ? "The receiver refused the connection."
          : error.code === "ENOTFOUND"
            ? `The host ${target.hostname} could not be found.`
            : error.code === "ETIMEDOUT"
              ? `The receiver did not answer within ${TIMEOUT_MS / 1000} seconds.`
              : error.code === "EPRIVATEADDRESS"
                ? "The receiver's address is private; production webhooks must use public addresses."
                : `Could not deliver: ${error.message}`;
      resolve({ statusCode: null, error: reason });
    });
    request.end(body);
  });
}

interface Claimed {
  id: string;
  webhook_id: string;
  body: string;
  event_type: string;
}

/**
 * Sends one event to one webhook, recording the attempt. The row is claimed in one UPDATE so
 * concurrent workers never post the same delivery at once; failures go back to PENDING for
 * the job's retry (with backoff), or FAILED after the last attempt.
 */
export async function deliverWebhook(deliveryId: string, opts: { finalAttempt?: boolean; now?: () => Date } = {}): Promise<WebhookOutcome> {
  const [claimed] = await prisma.$queryRaw<Claimed[]>`
    UPDATE webhook_delivery SET status = 'SENDING', attempts = attempts + 1, claimed_at = now()
    WHERE id = ${deliveryId}::uuid
      AND (status = 'PENDING' OR (status = 'SENDING' AND claimed_at < now() - make_interval(secs => ${STALE_CLAIM_SECONDS})))
    RETURNING id, webhook_id, body, event_type`;
  if (!claimed) {
    const row = await prisma.webhookDelivery.findUnique({ where: { id: deliveryId }, select: { status: true } });
    return row?.status === "SENDING" ? { status: "busy" } : { status: "done" };
  }
  const webhook = await prisma.webhook.findUnique({ where: { id: claimed.webhook_id }, select: { url: true, secretSealed: true, revokedAt: true } });
  if (!webhook || webhook.revokedAt) {
    const reason = "The webhook was removed before the event was sent.";
    await prisma.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "CANCELLED", lastError: reason, claimedAt: null } });
    return { status: "cancelled", reason };
  }

  const policy = urlPolicyFor(env().APP_DEPLOYMENT);
  const started = Date.now();
  const shape = checkWebhookUrlShape(webhook.url, policy);
  let result: PostResult;
  if (!shape.ok) {
    result = { statusCode: null, error: shape.message };
  } else {
    const timestamp = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000);
    result = await postSigned(
      shape.url,
      claimed.body,
      {
        [SIGNATURE_HEADER]: signatureHeader(decryptSecret(webhook.secretSealed), claimed.body, timestamp),
        "X-AP-Event": claimed.event_type,
        "X-AP-Delivery": deliveryId,
      },
      policy,
    );
  }
  const durationMs = Date.now() - started;
  const delivered = result.error === null;
  const final = !delivered && (opts.finalAttempt ?? false);
  await prisma.$transaction([
    prisma.webhookAttempt.create({ data: { deliveryId, statusCode: result.statusCode, error: result.error, durationMs } }),
    prisma.webhookDelivery.update({
      where: { id: deliveryId },
      data: {
        status: delivered ? "SENT" : final ? "FAILED" : "PENDING",
        lastStatusCode: result.statusCode,
        lastError: result.error,
        claimedAt: null,
        ...(delivered ? { deliveredAt: new Date() } : {}),
      },
    }),
  ]);
  if (delivered) return { status: "delivered", statusCode: result.statusCode! };
  logger.warn({ deliveryId, statusCode: result.statusCode, error: result.error, final }, "webhook delivery failed");
  return { status: "failed", error: result.error!, statusCode: result.statusCode, final };
}
