import { NextResponse } from "next/server";
import { refusal } from "@/lib/errors";
import { sessionRoute } from "@/lib/http/session-route";
import { saveDestination } from "@/lib/sftp-delivery/mutations";
import { SETTINGS_RATE_LIMIT, SettingsSchema } from "@/lib/sftp-delivery/schema";
import type { SettingsSaved } from "@/lib/sftp-delivery/serializers";

export const runtime = "nodejs";

/** Saves the institution's SFTP delivery settings; the caller becomes the delivering user. */
export const POST = sessionRoute(
  { doing: "set up SFTP delivery", permission: "sftp:manage", body: SettingsSchema, maxBytes: 8_000, rateLimit: SETTINGS_RATE_LIMIT },
  async ({ user, institution, body, ip }) => {
    const { institutionId: _named, ...settings } = body;
    const result = await saveDestination(user.id, institution, settings, ip);
    if (!result.ok) return refusal("BAD_REQUEST", result.message, { field: result.field, fieldErrors: { [result.field]: result.message } });
    return NextResponse.json({
      ok: true,
      keyGenerated: result.keyGenerated,
      message: result.keyGenerated ? "Saved. Install the public key below on your server, then test the connection." : "Saved.",
    } satisfies SettingsSaved);
  },
);
