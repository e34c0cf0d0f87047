import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import { lookupPdfReports } from "@/lib/pdf-reports/queries";
import { LOOKUP_REQUIRED, LookupRequestSchema, lookupOf, refinementOf } from "@/lib/pdf-reports/schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/pdf/reports?lastName=…|dateOfBirth=…|email=…|option=new|all|custom&start&end
 * [&q&status&sort&dir&page]: the same lookup as the PDF tab, as JSON.
 */
export const GET = sessionRoute(
  { doing: "look up and download score reports", permission: "pdf:lookup", query: LookupRequestSchema },
  async ({ user, institution, query, ip }) => {
    const lookup = lookupOf(query);
    if (!lookup) return LOOKUP_REQUIRED;
    const result = await lookupPdfReports({ organizationId: institution.id, userId: user.id }, lookup, refinementOf(query), { ip });
    return NextResponse.json({
      institution: { id: institution.id, diCode: institution.diCode, name: institution.name },
      total: result.total,
      byStatus: result.byStatus,
      page: result.page,
      pageCount: result.pageCount,
      reports: result.rows.map((r) => ({ ...r, releasedAt: r.releasedAt.toISOString(), downloadedAt: r.downloadedAt?.toISOString() ?? null })),
    });
  },
);
