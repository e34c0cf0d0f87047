import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { requireApiInstitution } from "@/lib/auth/api-gate";
import { hitRateLimit } from "@/lib/rate-limit";
import { registerWebhook } from "@/lib/webhooks/mutations";

export const runtime = "nodejs";

const RegisterSchema = z.object({
  institutionId: z.uuid("Choose an institution."),
  url: z.string({ error: "Enter the URL of your webhook receiver." }).max(4000, "The URL is too long."),
});

/** Registers a webhook; the answer carries the signing secret, shown this once. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, RegisterSchema, 8_000);
  const { user, institution } = await requireApiInstitution("webhooks:manage", "continue", input.institutionId);
  const limit = await hitRateLimit(`webhook-register:${user.id}`, 20, 3600);
  if (!limit.allowed) throw new AppError("RATE_LIMITED", "Too many webhook changes. Try again later.", { retryAfterSeconds: limit.retryAfterSeconds });
  const result = await registerWebhook(user.id, institution, input.url, clientIp(request.headers));
  if (!result.ok) throw new AppError("BAD_REQUEST", result.message, { field: result.field, fieldErrors: { [result.field]: result.message } });
  return NextResponse.json({ ok: true, webhook: { id: result.webhook.id, url: result.webhook.url, secretHint: result.webhook.secretHint }, secret: result.secret }, { status: 201 });
});
