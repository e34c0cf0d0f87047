import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { requireApiInstitution } from "@/lib/auth/api-gate";
import { regenerateKeyPair } from "@/lib/sftp-delivery/mutations";
import { InstitutionOnlySchema } from "@/lib/sftp-delivery/schema";

export const runtime = "nodejs";

/** Replaces the portal's key pair (the old public key should then be removed from the server). */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, InstitutionOnlySchema, 2_000);
  const { user, institution } = await requireApiInstitution("sftp:manage", "change SFTP delivery", input.institutionId);
  const result = await regenerateKeyPair(user.id, institution, clientIp(request.headers));
  if (!result.ok) throw new AppError("NOT_FOUND", "SFTP delivery is not set up for this institution.");
  return NextResponse.json({ ok: true, publicKey: result.publicKey, message: "A new key pair was generated. Install the new public key on your server." });
});
