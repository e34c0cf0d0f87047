import { NextResponse } from "next/server";
import { refusal } from "@/lib/errors";
import { sessionRoute } from "@/lib/http/session-route";
import { regenerateKeyPair } from "@/lib/sftp-delivery/mutations";
import { InstitutionOnlySchema, NOT_SET_UP, SETTINGS_RATE_LIMIT } from "@/lib/sftp-delivery/schema";
import type { KeyGenerated } from "@/lib/sftp-delivery/serializers";

export const runtime = "nodejs";

/** Replaces the portal's key pair (the old public key should then be removed from the server). */
export const POST = sessionRoute(
  { doing: "change SFTP delivery", permission: "sftp:manage", body: InstitutionOnlySchema, maxBytes: 2_000, rateLimit: SETTINGS_RATE_LIMIT },
  async ({ user, institution, ip }) => {
    const result = await regenerateKeyPair(user.id, institution, ip);
    if (!result.ok) return refusal("NOT_FOUND", NOT_SET_UP);
    return NextResponse.json({
      ok: true,
      publicKey: result.publicKey,
      message: "A new key pair was generated. Install the new public key on your server.",
    } satisfies KeyGenerated);
  },
);
