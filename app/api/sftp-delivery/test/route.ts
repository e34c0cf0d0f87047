import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import { testConnection } from "@/lib/sftp-delivery/mutations";
import { InstitutionOnlySchema, TEST_RATE_LIMIT } from "@/lib/sftp-delivery/schema";
import type { ConnectionTested } from "@/lib/sftp-delivery/serializers";

export const runtime = "nodejs";

/** "Test connection": a failed test is an answer (200, ok: false) naming what failed. */
export const POST = sessionRoute(
  { doing: "test SFTP delivery", permission: "sftp:manage", body: InstitutionOnlySchema, maxBytes: 2_000, rateLimit: TEST_RATE_LIMIT },
  async ({ user, institution, ip }) => NextResponse.json((await testConnection(user.id, institution, ip)) satisfies ConnectionTested),
);
