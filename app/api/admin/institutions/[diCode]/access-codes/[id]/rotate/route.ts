import { NextResponse } from "next/server";
import { rotateAccessCode } from "@/lib/access-codes/mutations";
import { AccessCodeParamsSchema, RotateAccessCodeSchema } from "@/lib/access-codes/schema";
import type { AccessCodeIssued } from "@/lib/access-codes/serializers";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

/** Revokes the code and issues its replacement in one step: 201 with the new code, shown once. */
export const POST = adminRoute({ params: AccessCodeParamsSchema, body: RotateAccessCodeSchema, maxBytes: 5_000 }, async ({ params, body, actor }) =>
  NextResponse.json({ accessCode: await rotateAccessCode(params.diCode, params.id, body, actor) } satisfies AccessCodeIssued, { status: 201 }),
);
