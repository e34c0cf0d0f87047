import type { BulkFileInfo } from "@/lib/bulk/mutations";

/** POST /api/bulk/files (201): the file is defined; its records stream from downloadUrl. */
export interface BulkFileCreated {
  id: string;
  fileName: string;
  type: BulkFileInfo["type"];
  format: BulkFileInfo["format"];
  recordCount: number;
  downloadUrl: string;
}

export function serializeBulkFile(file: BulkFileInfo): BulkFileCreated {
  return {
    id: file.id,
    fileName: file.fileName,
    type: file.type,
    format: file.format,
    recordCount: file.recordCount,
    downloadUrl: `/api/bulk/files/${file.id}/download`,
  };
}
