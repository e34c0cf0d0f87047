import { generateFile, webServiceInstitution } from "@/lib/web-service/mutations";
import { FileGenerationRequestSchema } from "@/lib/web-service/schema";
import { webServiceRoute } from "@/lib/http/web-service-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Step 2: `{diCode, format, downloadType}` → `{success, url, fileName, downloadId, message}`. */
export const POST = webServiceRoute({ step: "fileGeneration", schema: FileGenerationRequestSchema }, async (input, { user, ip, origin, note, callEvent }) => {
  note.type = input.downloadType;
  note.format = input.format;
  const found = webServiceInstitution(user, input.diCode);
  if (!found.ok) return found;
  note.organizationId = found.institution.id;
  const file = await generateFile(user.id, found.institution, input, origin, ip, callEvent());
  if (!file.ok) return file;
  note.stored = true;
  note.downloadId = file.downloadId;
  note.recordCount = file.recordCount;
  return {
    url: file.url,
    fileName: file.fileName,
    downloadId: Number(file.downloadId),
    recordCount: file.recordCount,
    message: `File generated with ${file.recordCount} score report${file.recordCount === 1 ? "" : "s"}. Download it before ${new Date(file.expires * 1000).toISOString()}, then log the download with webServiceDownloaded.`,
  };
});
