import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import { revealSchoolCodes } from "@/lib/k12/mutations";
import { RevealSchoolCodeSchema } from "@/lib/k12/schema";
import type { SchoolCodesRevealed } from "@/lib/k12/serializers";

export const runtime = "nodejs";

/** The principal reads the school's access code in full (password again): `codes[].code`, the seats used and by whom. */
export const POST = sessionRoute(
  { doing: "use AP Score Reports for K-12 Educators", permission: "k12:school-code", body: RevealSchoolCodeSchema, maxBytes: 1_000 },
  async ({ user, k12: { current }, body, ip }) => {
    const result = await revealSchoolCodes(user, current, body.password, ip);
    if (!result.ok) return result;
    const answer: SchoolCodesRevealed = { codes: result.codes.map((c) => ({ ...c, expiresAt: c.expiresAt?.toISOString() ?? null })) };
    return NextResponse.json(answer, { headers: { "Cache-Control": "no-store" } });
  },
);
