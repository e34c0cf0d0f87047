import { Readable } from "node:stream";
import QueryStream from "pg-query-stream";
import { pool } from "@/lib/db";
import { TXT_LINE_ENDING } from "@/lib/formats/txt";
import { CSV_LINE_ENDING, csvHeaderLine, txtLineToCsvRow } from "@/lib/formats/csv";
import { fileRowsQuery, type BulkFormat, type FileDefinition } from "@/lib/bulk/definition";

/** Rows fetched per round trip, and the size of the chunks handed to the response. */
const BATCH_ROWS = 2000;
const CHUNK_BYTES = 256 * 1024;

export interface StreamOptions {
  /** Called once the last record has been handed to the response, with the record count. */
  onComplete?: (records: number) => Promise<void> | void;
}

/**
 * A bulk file as a stream: database cursor → formatter → response, so memory stays flat
 * however large the institution. TXT lines are stored rendered; CSV rows are cut from them.
 */
export function bulkFileChunks(def: FileDefinition, format: BulkFormat, options: StreamOptions = {}): AsyncGenerator<string> {
  const query = fileRowsQuery(def);
  return (async function* () {
    const client = await pool().connect();
    let finished = false;
    try {
      const rows = client.query(new QueryStream(query.text, query.values, { batchSize: BATCH_ROWS, rowMode: "array" }));
      let chunk = format === "CSV" ? csvHeaderLine() + CSV_LINE_ENDING : "";
      let records = 0;
      for await (const row of rows as AsyncIterable<[string]>) {
        chunk += format === "TXT" ? row[0] + TXT_LINE_ENDING : txtLineToCsvRow(row[0]) + CSV_LINE_ENDING;
        records++;
        if (chunk.length >= CHUNK_BYTES) {
          yield chunk;
          chunk = "";
        }
      }
      if (chunk) yield chunk;
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
