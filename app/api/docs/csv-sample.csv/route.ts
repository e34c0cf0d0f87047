import { toCsvFile } from "@/lib/formats/csv";
import { sampleRecords } from "@/prisma/factories/records";

export const runtime = "nodejs";
export const dynamic = "force-static";

/** The same synthetic students as the TXT sample, as CSV. */
export function GET(): Response {
  return new Response(toCsvFile(sampleRecords()), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="AP_sample.csv"',
    },
  });
}
