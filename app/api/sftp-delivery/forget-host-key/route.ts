import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { requireApiInstitution } from "@/lib/auth/api-gate";
import { forgetHostKey } from "@/lib/sftp-delivery/mutations";
import { InstitutionOnlySchema } from "@/lib/sftp-delivery/schema";

export const runtime = "nodejs";

/** After a deliberate server key change: the next successful connection pins the new key. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, InstitutionOnlySchema, 2_000);
  const { user, institution } = await requireApiInstitution("sftp:manage", "change SFTP delivery", input.institutionId);
  if (!(await forgetHostKey(user.id, institution, clientIp(request.headers)))) throw new AppError("NOT_FOUND", "SFTP delivery is not set up for this institution.");
  return NextResponse.json({ ok: true, message: "The pinned host key was forgotten. Test the connection to pin the server's current key." });
});
