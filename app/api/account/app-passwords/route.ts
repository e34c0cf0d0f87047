import { NextResponse } from "next/server";
import { createAppPassword } from "@/lib/accounts/mutations";
import { AppPasswordNameSchema } from "@/lib/accounts/schema";
import { serializeAppPassword } from "@/lib/accounts/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** Creates a named web-service app password after the current password (and MFA code); the secret is in this answer only. */
export const POST = sessionRoute({ doing: "manage app passwords", terms: false, body: AppPasswordNameSchema }, async ({ user, body, ip }) => {
  const result = await createAppPassword(user.id, body.name, ip, { currentPassword: body.currentPassword, code: body.code });
  if (!result.ok) return result;
  return NextResponse.json(serializeAppPassword(result.password, result.secret), { status: 201 });
});
