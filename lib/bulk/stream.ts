import { Readable } from "node:stream";
import QueryStream from "pg-query-stream";
import { pool } from "@/lib/db";
import { TXT_LINE_ENDING } from "@/lib/formats/txt";
import { CSV_LINE_ENDING, MAX_CSV_ROW_BYTES, csvHeaderLine, writeTxtLineAsCsv } from "@/lib/formats/csv";
import { fileRowsQuery, type BulkFormat, type FileDefinition } from "@/lib/bulk/definition";

/** Rows fetched per round trip, and the size of the chunks handed to the response. */
const BATCH_ROWS = 2000;
const CHUNK_BYTES = 256 * 1024;
// TXT and CSV both end records with CRLF; a chunk always has room for one more record.
const LINE_ENDING = TXT_LINE_ENDING;
const QUOTE = 0x22;
const MAX_ROW_BYTES = Math.max(MAX_CSV_ROW_BYTES, 950) + LINE_ENDING.length;

export interface StreamOptions {
  /** Called once the last record has been handed to the response, with the record count. */
  onComplete?: (records: number) => Promise<void> | void;
}

/**
 * A bulk file as a stream: database cursor → formatter → response, so memory stays flat
 * however large the institution. TXT lines are stored rendered; CSV rows are cut from them.
 */
export function bulkFileChunks(def: FileDefinition, format: BulkFormat, options: StreamOptions = {}): AsyncGenerator<Buffer> {
  const query = fileRowsQuery(def, format);
  return (async function* () {
    const client = await pool().connect();
    let finished = false;
    try {
      const rows = client.query(new QueryStream(query.text, query.values, { batchSize: BATCH_ROWS, rowMode: "array" }));
      // Rows are written as bytes into one chunk at a time: no per-row strings to encode later.
      let chunk = Buffer.allocUnsafe(CHUNK_BYTES + MAX_ROW_BYTES);
      let used = format === "CSV" ? chunk.write(csvHeaderLine() + CSV_LINE_ENDING, 0, "latin1") : 0;
      let records = 0;
      for await (const row of rows as AsyncIterable<[string]>) {
        const line = row[0];
        used = format === "CSV" && line.charCodeAt(0) !== QUOTE ? writeTxtLineAsCsv(line, chunk, used) : used + chunk.write(line, used, "latin1");
        used += chunk.write(LINE_ENDING, used, "latin1");
        records++;
        if (used >= CHUNK_BYTES) {
          yield chunk.subarray(0, used);
          chunk = Buffer.allocUnsafe(CHUNK_BYTES + MAX_ROW_BYTES);
          used = 0;
        }
      }
      if (used) yield chunk.subarray(0, used);
      finished = true;
      await options.onComplete?.(records);
    } finally {
      // A client that stopped reading mid-file leaves a cursor open: discard that connection.
      client.release(!finished);
    }
  })();
}

export function bulkFileReadable(def: FileDefinition, format: BulkFormat, options: StreamOptions = {}): Readable {
  return Readable.from(bulkFileChunks(def, format, options), { objectMode: false });
}

/** Exact byte size of a TXT file (every record is 950 characters plus CRLF), for Content-Length. */
export function txtFileBytes(records: number): number {
  return records * (950 + TXT_LINE_ENDING.length);
}

export function contentTypeOf(format: BulkFormat): string {
  return format === "TXT" ? "text/plain; charset=us-ascii" : "text/csv; charset=utf-8";
}
