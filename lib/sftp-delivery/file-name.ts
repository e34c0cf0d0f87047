import type { BulkFormat } from "@/lib/bulk/definition";
import { bulkFileName } from "@/lib/bulk/file-name";

/**
 * AP_<DI>_<timestamp>_new.txt: the name a delivery keeps across every retry, fixed when its
 * row is written. The stamp is the bulk file's, as in the web service's names.
 */
export function deliveryFileName(diCode: string, createdAt: Date, format: BulkFormat): string {
  return bulkFileName(diCode, createdAt, "INCREMENTAL", format).replace(/_incremental\.(txt|csv)$/, "_new.$1");
}

/** Where the upload lands first: not matched by a *.txt or *.csv pick-up pattern. */
export function temporaryName(finalName: string): string {
  return `${finalName}.part`;
}

/** The sortable timestamp inside a delivery's name ("20261122T153000Z"), or null. */
export function stampOf(fileName: string): string | null {
  return /_(\d{8}T\d{6}Z)_new\.(txt|csv)$/.exec(fileName)?.[1] ?? null;
}
