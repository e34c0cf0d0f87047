import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

const { escapeLiteral } = pg;

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

/** A value as the literal pg would send for it as a parameter (lib/db.ts sends dates as UTC). */
function literal(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Date) return escapeLiteral(value.toISOString().replace("Z", "+00:00"));
  if (Array.isArray(value))
    return escapeLiteral(
      `{${value.map((v) => (v === null || v === undefined ? "NULL" : `"${String(v).replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`)).join(",")}}`,
    );
  return escapeLiteral(String(value));
}

/**
 * A parameterized query with its parameters written in as quoted literals, for what cannot bind
 * parameters (COPY, psql, EXPLAIN in a test). An untyped quoted literal takes its type from its
 * context exactly as an untyped parameter does, so the query reads exactly the same rows.
 */
export function inlineParameters(text: string, values: readonly unknown[]): string {
  // One pass, so a literal's own text is never scanned again, and $1 never eats the start of $10.
  return text.replace(/\$(\d+)/g, (match, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new Error(`inlineParameters: no value for ${match}`);
    return literal(values[index]);
  });
}

const BINARY_SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const BINARY_HEADER_BYTES = BINARY_SIGNATURE.length + 8;

/**
 * Reads `COPY (<query of one column>) TO STDOUT (FORMAT binary)` output row by row without
 * making strings: each row's value is `buffer[start, end)`, the bytes as PostgreSQL stores them
 * (binary format escapes nothing), valid until the next call to `feed`. Feed it the COPY
 * stream's chunks as they come, then call `next()` until it returns false:
 *
 *   for await (const data of client.query(copyTo(sql))) {
 *     reader.feed(data);
 *     while (reader.next()) use(reader.buffer, reader.start, reader.end);
 *   }
 *   reader.finish();
 */
export class CopyBinaryRowReader {
  buffer: Buffer = Buffer.alloc(0);
  start = 0;
  end = 0;
  rows = 0;
  private pos = 0;
  private headerRead = false;
  private done = false;

  feed(data: Buffer): void {
    if (data.length === 0) return;
    if (this.done) throw new Error("COPY binary: data after the end of the rows");
    this.buffer = this.pos < this.buffer.length ? Buffer.concat([this.buffer.subarray(this.pos), data]) : data;
    this.pos = 0;
  }

  /** Moves to the next complete row; false when it needs more data or the rows have ended. */
  next(): boolean {
    const buffer = this.buffer;
    const available = buffer.length - this.pos;
    if (!this.headerRead) {
      if (available < BINARY_HEADER_BYTES) return false;
      if (!buffer.subarray(this.pos, this.pos + BINARY_SIGNATURE.length).equals(BINARY_SIGNATURE)) throw new Error("COPY binary: not a binary COPY stream");
      const extension = buffer.readInt32BE(this.pos + BINARY_HEADER_BYTES - 4);
      if (available < BINARY_HEADER_BYTES + extension) return false;
      this.pos += BINARY_HEADER_BYTES + extension;
      this.headerRead = true;
      return this.next();
    }
    if (this.done || available < 2) return false;
    const fields = buffer.readInt16BE(this.pos);
    if (fields === -1) {
      this.done = true;
      this.pos += 2;
      return false;
    }
    if (fields !== 1) throw new Error(`COPY binary: expected rows of one column, got ${fields}`);
    if (available < 6) return false;
    const size = buffer.readInt32BE(this.pos + 2);
    if (size < 0) throw new Error("COPY binary: a row's value is NULL");
    if (available < 6 + size) return false;
    this.start = this.pos + 6;
    this.end = this.start + size;
    this.pos = this.end;
    this.rows++;
    return true;
  }

  /** Throws unless the stream ended with the end-of-rows marker (a cut connection does not). */
  finish(): void {
    if (!this.done || this.pos !== this.buffer.length) throw new Error("COPY binary: the rows ended early");
  }
}
