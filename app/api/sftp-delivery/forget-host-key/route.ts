import { NextResponse } from "next/server";
import { refusal } from "@/lib/errors";
import { sessionRoute } from "@/lib/http/session-route";
import { forgetHostKey } from "@/lib/sftp-delivery/mutations";
import { InstitutionOnlySchema, NOT_SET_UP, SETTINGS_RATE_LIMIT } from "@/lib/sftp-delivery/schema";
import type { SftpMessage } from "@/lib/sftp-delivery/serializers";

export const runtime = "nodejs";

/** After a deliberate server key change: the next successful connection pins the new key. */
export const POST = sessionRoute(
  { doing: "change SFTP delivery", permission: "sftp:manage", body: InstitutionOnlySchema, maxBytes: 2_000, rateLimit: SETTINGS_RATE_LIMIT },
  async ({ user, institution, ip }) => {
    if (!(await forgetHostKey(user.id, institution, ip))) return refusal("NOT_FOUND", NOT_SET_UP);
    return NextResponse.json({
      ok: true,
      message: "The pinned host key was forgotten. Test the connection to pin the server's current key.",
    } satisfies SftpMessage);
  },
);
