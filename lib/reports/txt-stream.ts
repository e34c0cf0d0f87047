import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import type { AdminActor } from "@/lib/audit";
import { auditScoreLoad, relocate } from "@/lib/reports/mutations";
import { AppError } from "@/lib/errors";
import { defaultTwoDigitYearPivot, parseTxtRecord, TxtRecordError, type TxtLineResult } from "@/lib/formats/txt";
import { releaseScoreReportChunks, type ReleaseChunk } from "@/lib/reports/release";
import { checkTxtLine, MAX_BATCH, txtUploadRefusal, type ReleaseInput, type TxtLineProblem } from "@/lib/reports/schema";

/**
 * The streaming TXT upload. A file of any length up to the limits is read line by line and
 * never held whole in memory:
 *
 *   pass 1 reads the request body, validates every line (layout, schema, one line per student
 *          and college) and writes the valid inputs to a temporary file. Any problem → 400 with
 *          line numbers, and nothing touches the database;
 *   pass 2 reads the temporary file back in batches of 1,000 and releases them all in ONE
 *          transaction (lib/reports/release.ts), so a problem only the database can see (a
 *          student past 30 exams) still releases nothing, and names its line.
 *
 * The answer (one entry per released report) is written to a second temporary file and
 * streamed out after the commit.
 */

/** Longest line accepted before the 950-character check (a file without line breaks is refused early). */
const MAX_LINE_CHARS = 4096;

interface Line {
  lineNumber: number;
  text: string;
}

/** UTF-8 lines of a byte stream, numbered from 1 (every line counts; CRLF or LF; a leading BOM dropped). */
export async function* readLines(body: AsyncIterable<Uint8Array>, maxBytes = Infinity): AsyncGenerator<Line> {
  const decoder = new TextDecoder("utf-8");
  let rest = "";
  let bytes = 0;
  let lineNumber = 0;
  let started = false;
  const finish = (text: string) => (text.endsWith("\r") ? text.slice(0, -1) : text);
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
    let text = rest + decoder.decode(chunk, { stream: true });
    if (!started && text.length) {
      started = true;
      if (text.startsWith("\uFEFF")) text = text.slice(1);
    }
    let from = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", from)) {
      yield { lineNumber: ++lineNumber, text: finish(text.slice(from, newline)) };
      from = newline + 1;
    }
    rest = text.slice(from);
    if (rest.length > MAX_LINE_CHARS) {
      throw new AppError("BAD_REQUEST", `Line ${lineNumber + 1}: longer than ${MAX_LINE_CHARS} characters; a record has 950. Nothing was loaded.`, {
        field: `line ${lineNumber + 1}`,
      });
    }
  }
  rest += decoder.decode();
  if (rest) yield { lineNumber: ++lineNumber, text: finish(rest) };
}

/** A request's body chunk by chunk (empty when it has none). */
export async function* bodyChunks(request: Request): AsyncGenerator<Uint8Array> {
  if (!request.body) return;
  const reader = request.body.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    reader.releaseLock();
  }
}

async function write(out: fs.WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

async function close(out: fs.WriteStream): Promise<void> {
  out.end();
  await once(out, "finish");
}

function refusal(problems: TxtLineProblem[], total: number): AppError {
  // Only the first 100 problems are kept; the count says how many there were.
  const refused = txtUploadRefusal(problems);
  const more = total > 1 ? ` (and ${total - 1} more problem${total > 2 ? "s" : ""})` : "";
  return AppError.from({
    ...refused,
    message: refused.message.replace(/( \(and \d+ more problems?\))?\. Nothing was loaded\.$/, `${more}. Nothing was loaded.`),
  });
}

/** Pass 1: every line checked, the valid inputs written to `file` as "lineNumber<TAB>json" lines. */
async function validateToFile(
  body: AsyncIterable<Uint8Array>,
  diCode: string | null,
  file: string,
  limits: { maxBytes: number; maxRecords: number },
): Promise<number> {
  const options = { twoDigitYearPivot: defaultTwoDigitYearPivot() };
  const problems: TxtLineProblem[] = [];
  let problemCount = 0;
  let records = 0;
  // One short key per record (not the record) to refuse a student twice for one college.
  const seen = new Map<string, number>();
  const out = fs.createWriteStream(file);
  try {
    for await (const { lineNumber, text } of readLines(body, limits.maxBytes)) {
      if (text === "") continue;
      let line: TxtLineResult;
      try {
        line = { lineNumber, ok: true, record: parseTxtRecord(text, options) };
      } catch (error) {
        if (!(error instanceof TxtRecordError)) throw error;
        line = { lineNumber, ok: false, error };
      }
      const checked = checkTxtLine(line, diCode, seen);
      if (!checked.ok) {
        problemCount++;
        if (problems.length < 100) problems.push(checked.problem);
        continue;
      }
      records++;
      if (!problemCount) await write(out, `${lineNumber}\t${JSON.stringify(checked.input)}\n`);
    }
  } finally {
    await close(out);
  }
  if (problemCount) throw refusal(problems, problemCount);
  if (records === 0) throw refusal([{ lineNumber: 0, message: "The file has no records." }], 1);
  if (records > limits.maxRecords)
    throw refusal([{ lineNumber: 0, message: `The file has ${records} records; upload at most ${limits.maxRecords} at a time.` }], 1);
  return records;
}

/** Pass 2's input: the validated file in batches, each naming its reports by line number. */
async function* chunksOf(file: string): AsyncGenerator<ReleaseChunk> {
  let inputs: ReleaseInput[] = [];
  let lineNumbers: number[] = [];
  const chunk = (): ReleaseChunk => {
    const lines = lineNumbers;
    return { inputs, rethrow: (error) => relocate(error, (index) => `line ${lines[index]}`) };
  };
  for await (const { text } of readLines(fs.createReadStream(file))) {
    if (!text) continue;
    const tab = text.indexOf("\t");
    lineNumbers.push(Number(text.slice(0, tab)));
    inputs.push(JSON.parse(text.slice(tab + 1)) as ReleaseInput);
    if (inputs.length === MAX_BATCH) {
      yield chunk();
      inputs = [];
      lineNumbers = [];
    }
  }
  if (inputs.length) yield chunk();
}

/**
 * Validates and releases a TXT upload (all or nothing) and audits it. Returns the JSON answer
 * `{ "released": [...] }` as a stream, read from a temporary file that is removed once sent.
 */
export async function releaseTxtUpload(
  body: AsyncIterable<Uint8Array>,
  diCode: string | null,
  actor: AdminActor,
  limits: { maxBytes: number; maxRecords: number },
): Promise<ReadableStream<Uint8Array>> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "txt-upload-"));
  let handedOver = false;
  try {
    const inputs = path.join(dir, "inputs.jsonl");
    await validateToFile(body, diCode, inputs, limits);
    const answer = fs.createWriteStream(path.join(dir, "released.json"));
    let first = true;
    let result: { count: number; diCodes: string[] };
    try {
      await write(answer, '{"released":[');
      result = await releaseScoreReportChunks(chunksOf(inputs), async (released) => {
        let text = "";
        for (const r of released) {
          text += (first ? "" : ",") + JSON.stringify(r);
          first = false;
        }
        await write(answer, text);
      });
      await write(answer, "]}");
    } finally {
      await close(answer);
    }
    await auditScoreLoad(actor, "txt", result.diCodes, result.count);
    const stream = streamThenRemove(path.join(dir, "released.json"), dir);
    handedOver = true;
    return stream;
  } finally {
    if (!handedOver) await fsp.rm(dir, { recursive: true, force: true });
  }
}

function streamThenRemove(file: string, dir: string): ReadableStream<Uint8Array> {
  const source = fs.createReadStream(file);
  const cleanup = () => void fsp.rm(dir, { recursive: true, force: true });
  source.once("close", cleanup);
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(new Uint8Array(next.value));
    },
    cancel() {
      source.destroy();
    },
  });
}
