import { CSV_LINE_ENDING, csvHeaderLine } from "@/lib/formats/csv";

export const runtime = "nodejs";
export const dynamic = "force-static";

/** The CSV header row alone, for IT staff mapping columns before their first file. */
export function GET(): Response {
  return new Response(csvHeaderLine() + CSV_LINE_ENDING, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="AP_csv_header.csv"',
    },
  });
}
