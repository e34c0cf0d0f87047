import { logDownload } from "@/lib/web-service/mutations";
import { DownloadedRequestSchema } from "@/lib/web-service/schema";
import { webServiceRoute } from "@/lib/http/web-service-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Step 4: `{downloadId, format}` → `{success, message}`. Only a logged file moves "new". */
export const POST = webServiceRoute({ step: "webServiceDownloaded", schema: DownloadedRequestSchema }, async (input, { user, ip, note, callEvent }) => {
  note.downloadId = input.downloadId;
  note.format = input.format;
  const logged = await logDownload(user.id, input, ip, callEvent());
  if (!logged.ok) return logged;
  note.stored = true;
  note.organizationId = logged.organizationId;
  note.recordCount = logged.recordCount;
  return {
    message: logged.alreadyLogged
      ? `The download of file ${input.downloadId} was already logged; nothing changed.`
      : `The download of file ${input.downloadId} is logged. The next "new" file starts after it.`,
  };
});
