/**
 * The CSV form of the TXT layout (RFC 4180). Pure, no I/O; server-side (the fast path uses Node's Buffer).
 *
 * Same fields, same order as the TXT record without the fillers; one header row of the
 * layout's labels. Every value is double-quoted so spreadsheet programs keep leading zeros
 * ("07", "005818") instead of reading numbers; embedded quotes are doubled. Values are the
 * TXT characters with trailing spaces removed, so a CSV cell and its TXT field never disagree.
 * Rows are returned without a line ending; files end every row, the last one too, with CRLF.
 *
 * Two ways in: toCsvRow from a record, and txtLineToCsvRow from a stored TXT line; the bulk
 * download uses writeTxtLineAsCsv, which slices a stored line's bytes as the database sent them.
 */
import type { StudentRecord } from "@/lib/formats/record";
import { renderTxtFields } from "@/lib/formats/txt";
import { CSV_FIELDS, TXT_FIELDS, TXT_RECORD_LENGTH, csvHeaderNames } from "@/lib/formats/txt-layout";

export const CSV_LINE_ENDING = "\r\n";

const SPACE = 0x20;

/** One value as an RFC 4180 quoted field. */
export function csvQuote(value: string): string {
  return value.includes('"') ? `"${value.replaceAll('"', '""')}"` : `"${value}"`;
}

/** The header row (without line ending): the CSV column names in layout order. */
export function csvHeaderLine(): string {
  return csvHeaderNames().map(csvQuote).join(",");
}

// Offsets precomputed once: 0-based [start, end) of every CSV column inside a TXT line.
const COLUMN_COUNT = CSV_FIELDS.length;
const SLICE_STARTS = Int32Array.from(CSV_FIELDS, (f) => f.start - 1);
const SLICE_ENDS = Int32Array.from(CSV_FIELDS, (f) => f.end);
const CSV_INDEXES_IN_TXT: readonly number[] = TXT_FIELDS.flatMap((f, i) => (f.kind === "filler" ? [] : [i]));

// Scratch space for txtLineToCsvRow, sized for the worst case (every character a doubled
// quote, plus the quotes and commas), and for the line's bytes. Sharing them is safe: the
// function is synchronous.
const scratch = Buffer.allocUnsafe(TXT_RECORD_LENGTH * 2 + COLUMN_COUNT * 3);
const lineBytes = Buffer.allocUnsafe(TXT_RECORD_LENGTH);
const QUOTE = 0x22;
const COMMA = 0x2c;
const QUESTION_MARK = 0x3f;
const LAST_PRINTABLE = 0x7e;

function checkLength(length: number): void {
  if (length !== TXT_RECORD_LENGTH) throw new Error(`A TXT line is ${TXT_RECORD_LENGTH} characters; got ${length}`);
}

/**
 * One stored TXT line (exactly 950 characters, no line ending) as a CSV row (no line ending).
 * Lines written by toTxtRecord are printable ASCII; anything else is written as "?", as the TXT
 * writer would have.
 */
export function txtLineToCsvRow(line: string): string {
  checkLength(line.length);
  for (let i = 0; i < TXT_RECORD_LENGTH; i++) {
    const code = line.charCodeAt(i);
    lineBytes[i] = code > LAST_PRINTABLE ? QUESTION_MARK : code;
  }
  const end = writeTxtLineAsCsv(lineBytes, 0, TXT_RECORD_LENGTH, scratch, 0);
  return scratch.toString("latin1", 0, end);
}

/** Most bytes one CSV row can take (every character a doubled quote, plus quotes and commas). */
export const MAX_CSV_ROW_BYTES = scratch.length;

/**
 * Writes the CSV row of one stored TXT line — the bytes `source[start, end)` — into `target` at
 * `offset` and returns the offset after it. The bulk download fills large byte chunks this way
 * straight from the database's bytes: rows never become strings. Hot path of the CSV download:
 * it copies bytes instead of building ~300 substrings.
 */
export function writeTxtLineAsCsv(source: Buffer, start: number, end: number, target: Buffer, offset: number): number {
  checkLength(end - start);
  let out = offset;
  for (let i = 0; i < COLUMN_COUNT; i++) {
    const first = start + SLICE_STARTS[i]!;
    let last = start + SLICE_ENDS[i]!;
    while (last > first && source[last - 1] === SPACE) last--;
    if (i > 0) target[out++] = COMMA;
    target[out++] = QUOTE;
    for (let j = first; j < last; j++) {
      const code = source[j]!;
      if (code === QUOTE) target[out++] = QUOTE;
      target[out++] = code > LAST_PRINTABLE ? QUESTION_MARK : code;
    }
    target[out++] = QUOTE;
  }
  return out;
}

/** One record as a CSV row (no line ending); identical to txtLineToCsvRow(toTxtRecord(record)). */
export function toCsvRow(record: StudentRecord): string {
  const values = renderTxtFields(record);
  let row = "";
  for (let i = 0; i < CSV_INDEXES_IN_TXT.length; i++) {
    const value = values[CSV_INDEXES_IN_TXT[i]!]!.trimEnd();
    row += (i === 0 ? "" : ",") + csvQuote(value);
  }
  return row;
}

/** A whole CSV file: header, then one row per record, every row ending with CRLF. */
export function toCsvFile(records: Iterable<StudentRecord>): string {
  let out = csvHeaderLine() + CSV_LINE_ENDING;
  for (const record of records) out += toCsvRow(record) + CSV_LINE_ENDING;
  return out;
}
