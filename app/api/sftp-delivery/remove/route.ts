import { NextResponse } from "next/server";
import { refusal } from "@/lib/errors";
import { sessionRoute } from "@/lib/http/session-route";
import { removeDestination } from "@/lib/sftp-delivery/mutations";
import { InstitutionOnlySchema, NOT_SET_UP, SETTINGS_RATE_LIMIT } from "@/lib/sftp-delivery/schema";
import type { SftpMessage } from "@/lib/sftp-delivery/serializers";

export const runtime = "nodejs";

/** Stops delivery and deletes the settings, key pair and password (bulk files stay on record). */
export const POST = sessionRoute(
  { doing: "change SFTP delivery", permission: "sftp:manage", body: InstitutionOnlySchema, maxBytes: 2_000, rateLimit: SETTINGS_RATE_LIMIT },
  async ({ user, institution, ip }) => {
    if (!(await removeDestination(user.id, institution, ip))) return refusal("NOT_FOUND", NOT_SET_UP);
    return NextResponse.json({ ok: true, message: "SFTP delivery was removed." } satisfies SftpMessage);
  },
);
