import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { requireApiInstitution } from "@/lib/auth/api-gate";
import { hitRateLimit } from "@/lib/rate-limit";
import { testConnection } from "@/lib/sftp-delivery/mutations";
import { InstitutionOnlySchema } from "@/lib/sftp-delivery/schema";

export const runtime = "nodejs";

/** "Test connection": a failed test is an answer (200, ok: false) naming what failed. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, InstitutionOnlySchema, 2_000);
  const { user, institution } = await requireApiInstitution("sftp:manage", "test SFTP delivery", input.institutionId);
  const limit = await hitRateLimit(`sftp-test:${user.id}`, 30, 3600);
  if (!limit.allowed) throw new AppError("RATE_LIMITED", "Too many connection tests. Try again later.", { retryAfterSeconds: limit.retryAfterSeconds });
  const result = await testConnection(user.id, institution, clientIp(request.headers));
  return NextResponse.json(result);
});
