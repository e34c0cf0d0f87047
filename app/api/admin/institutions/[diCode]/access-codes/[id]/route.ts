import { NextResponse } from "next/server";
import { revokeAccessCode, updateAccessCode } from "@/lib/access-codes/mutations";
import { AccessCodeParamsSchema, UpdateAccessCodeSchema } from "@/lib/access-codes/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

/** Sets or clears `expiresAt` / `maxRedemptions` of an active code. */
export const PATCH = adminRoute({ params: AccessCodeParamsSchema, body: UpdateAccessCodeSchema, maxBytes: 5_000 }, async ({ params, body, actor }) =>
  NextResponse.json({ accessCode: await updateAccessCode(params.diCode, params.id, body, actor) }),
);

/** Revokes the code: it stops working at once; enrollments made with it stay. */
export const DELETE = adminRoute({ params: AccessCodeParamsSchema }, async ({ params, actor }) =>
  NextResponse.json({ accessCode: await revokeAccessCode(params.diCode, params.id, actor) }),
);
