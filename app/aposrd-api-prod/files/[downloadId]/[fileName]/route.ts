import { clientIp } from "@/lib/http/client-ip";
import { streamDownload } from "@/lib/web-service/mutations";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Step 3: the pre-signed download URL. Authorized by its Signature and Expires alone (the
 * X-CB headers clients also send are ignored); does not log the download — step 4 does.
 */
export async function GET(request: Request, context: { params: Promise<{ downloadId: string; fileName: string }> }): Promise<Response> {
  const { downloadId, fileName } = await context.params;
  return streamDownload(request, downloadId, fileName, { ip: clientIp(request.headers) });
}

export async function HEAD(request: Request, context: { params: Promise<{ downloadId: string; fileName: string }> }): Promise<Response> {
  const { downloadId, fileName } = await context.params;
  return streamDownload(request, downloadId, fileName, { ip: clientIp(request.headers), headOnly: true });
}
