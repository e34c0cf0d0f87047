import { sampleRecords } from "@/prisma/factories/records";
import { toTxtFile } from "@/lib/formats/txt";

export const runtime = "nodejs";
// Synthetic and deterministic: built once at build time, served as a static file.
export const dynamic = "force-static";

/** The TXT sample file linked from the Bulk Reports tab and the layout page (synthetic students only). */
export function GET(): Response {
  return new Response(toTxtFile(sampleRecords()), {
    headers: {
      "Content-Type": "text/plain; charset=us-ascii",
      "Content-Disposition": 'attachment; filename="AP_sample.txt"',
    },
  });
}
