import { retentionStart } from "@/lib/dates";

export type BulkType = "FULL" | "INCREMENTAL" | "CUSTOM";
export type BulkFormat = "TXT" | "CSV";

/**
 * Everything that decides a bulk file's records. It is stored with the file, so the same file
 * downloaded again (or from another server) gives the same records in the same order.
 */
export interface FileDefinition {
  organizationId: string;
  type: BulkType;
  /**
   * The release sequence's last position when the file was made (lib/bulk/sequence.ts): the
   * file holds versions at or below it, and no version can get such a position later.
   */
  watermark: bigint;
  /** Incremental files: the watermark of the logged file they continue from (null = none yet). */
  base: bigint | null;
  /** Oldest release included (reporting year start, custom range start, or retention start). */
  from: Date;
  /** Custom ranges: releases before this instant (exclusive). */
  until: Date | null;
}

export interface SqlQuery {
  text: string;
  values: unknown[];
}

/**
 * The release sequence's counter as the statement sees it: a file being made reads its
 * watermark in the statement that counts and records it (lib/bulk/mutations.ts).
 */
export const CURRENT_WATERMARK_SQL = "(SELECT last_position FROM release_sequence WHERE id = 1)";

/** A definition whose watermark is read by the statement itself (CURRENT_WATERMARK_SQL). */
export type NewFileDefinition = Omit<FileDefinition, "watermark"> & { watermark: "current" };

function conditions(def: FileDefinition | NewFileDefinition): { where: string; values: unknown[] } {
  const values: unknown[] = [];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const clauses = [
    `v.organization_id = ${bind(def.organizationId)}::uuid`,
    `v.position <= ${def.watermark === "current" ? CURRENT_WATERMARK_SQL : `${bind(def.watermark.toString())}::bigint`}`,
    `v.released_at >= ${bind(def.from)}`,
  ];
  if (def.until) clauses.push(`v.released_at < ${bind(def.until)}`);
  if (def.type === "INCREMENTAL" && def.base !== null) clauses.push(`v.position > ${bind(def.base.toString())}::bigint`);
  return { where: clauses.join(" AND "), values };
}

/**
 * The file's rows: for each report with a qualifying version, its latest such version's TXT
 * line (the record is cumulative, so the latest version carries everything before it).
 */
export function fileRowsQuery(def: FileDefinition, format: BulkFormat = "TXT"): SqlQuery {
  const { where, values } = conditions(def);
  // CSV rows are stored rendered too; rows from before that column existed come as their TXT
  // line (CSV rows always begin with a quote, TXT lines with the AP ID) and are converted.
  const column = format === "CSV" ? "COALESCE(v.csv_record, v.txt_record)" : "v.txt_record";
  return {
    text: `SELECT DISTINCT ON (v.report_id) ${column} FROM score_report_version v WHERE ${where} ORDER BY v.report_id, v.version DESC`,
    values,
  };
}

export function fileCountQuery(def: FileDefinition | NewFileDefinition): SqlQuery {
  const { where, values } = conditions(def);
  return { text: `SELECT count(DISTINCT v.report_id)::int AS n FROM score_report_version v WHERE ${where}`, values };
}

/** The version ids a file holds (tests and the delivery checker use it). */
export function fileVersionIdsQuery(def: FileDefinition): SqlQuery {
  const { where, values } = conditions(def);
  return {
    text: `SELECT DISTINCT ON (v.report_id) v.id::text AS id, v.report_id::text AS report_id, v.version FROM score_report_version v WHERE ${where} ORDER BY v.report_id, v.version DESC`,
    values,
  };
}

export interface StoredBulkFile {
  organizationId: string;
  type: BulkType;
  watermark: bigint;
  basePosition: bigint | null;
  rangeStart: Date | null;
  rangeEnd: Date | null;
  createdAt: Date;
}

/** Rebuilds a stored file's definition. */
export function definitionOf(file: StoredBulkFile): FileDefinition {
  const retention = retentionStart(file.createdAt);
  const from = file.rangeStart && file.rangeStart > retention ? file.rangeStart : retention;
  return {
    organizationId: file.organizationId,
    type: file.type,
    watermark: file.watermark,
    base: file.basePosition,
    from,
    until: file.type === "CUSTOM" ? file.rangeEnd : null,
  };
}
