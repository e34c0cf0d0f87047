import { NextResponse } from "next/server";
import { AppPasswordNameSchema, createAppPassword } from "@/lib/accounts/app-passwords";
import { currentUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** Creates a named web-service app password; the secret is in this answer only. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to manage app passwords.");
  const input = await readJson(request, AppPasswordNameSchema, 10_000);
  const result = await createAppPassword(user.id, input.name, clientIp(request.headers));
  if (!result.ok) throw new AppError("CONFLICT", result.message, { field: result.field, fieldErrors: { [result.field]: result.message } });
  return NextResponse.json({ id: result.password.id, name: result.password.name, prefix: result.password.prefix, secret: result.secret }, { status: 201 });
});
