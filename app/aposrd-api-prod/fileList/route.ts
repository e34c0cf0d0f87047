import { webServiceInstitution } from "@/lib/web-service/mutations";
import { FileListRequestSchema } from "@/lib/web-service/schema";
import { listFiles } from "@/lib/web-service/queries";
import { webServiceRoute } from "@/lib/http/web-service-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** This account's generated files for a DI code (beyond the real service): `{diCode}` → `{success, message, files}`. */
export const POST = webServiceRoute({ step: "fileList", schema: FileListRequestSchema }, async (input, { user, note }) => {
  const found = webServiceInstitution(user, input.diCode);
  if (!found.ok) return found;
  note.organizationId = found.institution.id;
  const files = await listFiles(user.id, found.institution.id);
  return { message: `${files.length} file${files.length === 1 ? "" : "s"} for DI code ${found.institution.diCode}.`, files };
});
