import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { readQuery, route } from "@/lib/http/route";
import { lookupPdfReports } from "@/lib/pdf-reports/queries";
import { LookupQuerySchema, lookupOf, refinementOf } from "@/lib/pdf-reports/schema";
import { z } from "zod";
import { requireApiInstitution } from "@/lib/auth/api-gate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const QuerySchema = z.intersection(LookupQuerySchema, z.object({ institutionId: z.uuid("institutionId must be an institution id.").optional() }));

/**
 * GET /api/pdf/reports?lastName=…|dateOfBirth=…|email=…|option=new|all|custom&start&end
 * [&q&status&sort&dir&page]: the same lookup as the PDF tab, as JSON.
 */
export const GET = route(async (request) => {
  const query = readQuery(request, QuerySchema);
  const lookup = lookupOf(query);
  if (!lookup) {
    throw new AppError("BAD_REQUEST", "Enter search criteria into one field (Last Name, Date of Birth or Email Address), or choose a download option.", { field: "lastName" });
  }
  const { user, institution } = await requireApiInstitution("pdf:lookup", "look up and download score reports", query.institutionId);
  const result = await lookupPdfReports({ organizationId: institution.id, userId: user.id }, lookup, refinementOf(query), { ip: clientIp(request.headers) });
  return NextResponse.json({
    institution: { id: institution.id, diCode: institution.diCode, name: institution.name },
    total: result.total,
    byStatus: result.byStatus,
    page: result.page,
    pageCount: result.pageCount,
    reports: result.rows.map((r) => ({ ...r, releasedAt: r.releasedAt.toISOString(), downloadedAt: r.downloadedAt?.toISOString() ?? null })),
  });
});
