import { NextResponse } from "next/server";
import { createAdminToken } from "@/lib/admin-tokens/mutations";
import { listAdminTokens } from "@/lib/admin-tokens/queries";
import { CreateTokenSchema } from "@/lib/admin-tokens/schema";
import type { AdminTokenCreated } from "@/lib/admin-tokens/serializers";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

export const GET = adminRoute({}, async () => NextResponse.json({ tokens: await listAdminTokens() }));

/** 201 with `token.token`, the only time the token is shown. */
export const POST = adminRoute({ body: CreateTokenSchema, maxBytes: 2_000 }, async ({ body, actor }) =>
  NextResponse.json({ token: await createAdminToken(body.name, actor) } satisfies AdminTokenCreated, { status: 201 }),
);
