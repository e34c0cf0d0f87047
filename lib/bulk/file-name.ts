import type { BulkFormat, BulkType } from "@/lib/bulk/definition";

const TYPE_WORD: Record<BulkType, string> = { FULL: "full", INCREMENTAL: "incremental", CUSTOM: "custom" };

/** Sortable and free of spaces: AP_5818_20261122T153000Z_full.txt */
export function bulkFileName(diCode: string, createdAt: Date, type: BulkType, format: BulkFormat): string {
  const stamp = createdAt
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "Z");
  return `AP_${diCode}_${stamp}_${TYPE_WORD[type]}.${format.toLowerCase()}`;
}
