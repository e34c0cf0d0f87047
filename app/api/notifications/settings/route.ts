import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import { setNotificationsEnabled } from "@/lib/notifications/mutations";
import { NotificationSettingsSchema } from "@/lib/notifications/schema";
import type { SettingsResponse } from "@/lib/notifications/serializers";

export const runtime = "nodejs";

/** Turns the daily email for one institution on or off. */
export const POST = sessionRoute(
  { doing: "continue", permission: "notifications:manage", body: NotificationSettingsSchema, maxBytes: 2_000 },
  async ({ user, institution, body, ip }) => {
    await setNotificationsEnabled(user.id, institution.id, body.enabled, ip);
    return NextResponse.json({
      ok: true,
      enabled: body.enabled,
      message: body.enabled ? `Email notifications are on for ${institution.name}.` : `Email notifications are off for ${institution.name}.`,
    } satisfies SettingsResponse);
  },
);
