import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

/**
 * Rows for `COPY … FROM STDIN WITH (FORMAT csv)`: every value quoted (so "" is an empty string),
 * null and undefined left empty (NULL). Quoting is all CSV needs: commas, quotes, backslashes and
 * line breaks inside a quoted value are data.
 */
export type CopyValue = string | number | bigint | null | undefined;

function cell(value: CopyValue): string {
  if (value === null || value === undefined) return "";
  return `"${String(value).replaceAll('"', '""')}"`;
}

export function copyCsvRow(values: readonly CopyValue[]): string {
  return `${values.map(cell).join(",")}\n`;
}

/** Streams `lines` (rows from copyCsvRow) into `sql` (a COPY … FROM STDIN) on `client`. */
export async function copyCsvLines(client: pg.ClientBase, sql: string, lines: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(lines, { objectMode: false }), client.query(copyFrom(sql)));
}
