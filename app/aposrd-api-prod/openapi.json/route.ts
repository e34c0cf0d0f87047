import { NextResponse } from "next/server";
import { openApiDocument } from "@/lib/web-service/openapi";
import { publicOrigin } from "@/lib/http/web-service-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 description of the web service, at a stable URL. */
export function GET(request: Request): Response {
  return NextResponse.json(openApiDocument(publicOrigin(request)), { headers: { "Cache-Control": "public, max-age=300" } });
}
