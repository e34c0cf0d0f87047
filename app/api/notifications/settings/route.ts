import { NextResponse } from "next/server";
import { z } from "zod";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { requireApiInstitution } from "@/lib/auth/api-gate";
import { setNotificationsEnabled } from "@/lib/notifications/mutations";

export const runtime = "nodejs";

const SettingsSchema = z.object({
  institutionId: z.uuid("Choose an institution."),
  enabled: z.boolean({ error: "enabled must be true or false" }),
});

/** Turns the daily email for one institution on or off. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, SettingsSchema, 2_000);
  const { user, institution } = await requireApiInstitution("notifications:manage", "continue", input.institutionId);
  await setNotificationsEnabled(user.id, institution.id, input.enabled, clientIp(request.headers));
  return NextResponse.json({
    ok: true,
    enabled: input.enabled,
    message: input.enabled ? `Email notifications are on for ${institution.name}.` : `Email notifications are off for ${institution.name}.`,
  });
});
