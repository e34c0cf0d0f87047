import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { requireApiInstitution } from "@/lib/auth/api-gate";
import { hitRateLimit } from "@/lib/rate-limit";
import { saveDestination } from "@/lib/sftp-delivery/mutations";
import { SettingsSchema } from "@/lib/sftp-delivery/schema";

export const runtime = "nodejs";

/** Saves the institution's SFTP delivery settings; the caller becomes the delivering user. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const { institutionId, ...settings } = await readJson(request, SettingsSchema, 8_000);
  const { user, institution } = await requireApiInstitution("sftp:manage", "set up SFTP delivery", institutionId);
  const limit = await hitRateLimit(`sftp-settings:${user.id}`, 30, 3600);
  if (!limit.allowed) throw new AppError("RATE_LIMITED", "Too many changes to the SFTP settings. Try again later.", { retryAfterSeconds: limit.retryAfterSeconds });
  const result = await saveDestination(user.id, institution, settings, clientIp(request.headers));
  if (!result.ok) throw new AppError("BAD_REQUEST", result.message, { field: result.field, fieldErrors: { [result.field]: result.message } });
  return NextResponse.json({
    ok: true,
    keyGenerated: result.keyGenerated,
    message: result.keyGenerated ? "Saved. Install the public key below on your server, then test the connection." : "Saved.",
  });
});
