import v8 from "node:v8";
import vm from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { prisma } from "@/lib/db";
import type { AdminActor } from "@/lib/audit";
import { readLines, releaseTxtUpload } from "@/lib/reports/txt-stream";
import { AppError } from "@/lib/errors";
import { EXAM_CODES } from "@/lib/formats/codes";
import { sampleRecords } from "@/prisma/factories/records";
import { toTxtRecord } from "@/lib/formats/txt";
import type { StudentRecord } from "@/lib/formats/record";
import { releaseScoreReports } from "@/lib/reports/release";
import { ReleaseInputSchema } from "@/lib/reports/schema";

useTestDatabase();

const actor: AdminActor = { type: "admin-token", userId: null, label: "test token", tokenId: null, ip: "192.0.2.1" };
const limits = { maxBytes: 100_000 * 952 + 3, maxRecords: 100_000 };
const encoder = new TextEncoder();

beforeAll(async () => {
  await prisma.organization.createMany({
    data: [{ kind: "COLLEGE", code: "4866", name: "Northern Test College", addressLines: [], city: "Duluth", state: "MN", zip: "55812" }],
  });
});

/** `count` TXT lines with unique AP IDs (prefix + number), generated 500 at a time, never all at once. */
function* txtLines(count: number, prefix: string, edit?: (record: StudentRecord, lineNumber: number) => void): Generator<string> {
  for (let start = 0; start < count; start += 500) {
    const records = sampleRecords(Math.min(500, count - start), 1000 + start, { reportYear: 2025 });
    for (const [offset, record] of records.entries()) {
      const n = start + offset;
      record.apId = `${prefix}${String(n).padStart(8 - prefix.length, "0")}`;
      edit?.(record, n + 1);
      yield toTxtRecord(record);
    }
  }
}

/** A request body in ~64 KB chunks, split anywhere (inside lines and CRLFs), like a socket's. */
async function* body(lines: Iterable<string>): AsyncGenerator<Uint8Array> {
  let pending = "";
  for (const line of lines) {
    pending += line + "\r\n";
    if (pending.length >= 65_521) {
      yield encoder.encode(pending);
      pending = "";
    }
  }
  if (pending) yield encoder.encode(pending);
}

async function answerOf(stream: ReadableStream<Uint8Array>): Promise<{ released: Array<{ apId: string; diCode: string; version: number }> }> {
  return (await new Response(stream).json()) as { released: Array<{ apId: string; diCode: string; version: number }> };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the upload to be refused");
}

const versions = () => prisma.scoreReportVersion.count();

describe("streaming TXT upload", () => {
  it("splits lines across chunk borders, CRLF or LF, numbering every line and dropping a BOM", async () => {
    async function* chunks() {
      for (const part of ["\uFEFFab", "c\r", "\n\r\nde", "f\ng"]) yield encoder.encode(part);
    }
    const lines = [];
    for await (const line of readLines(chunks())) lines.push(line);
    expect(lines).toEqual([
      { lineNumber: 1, text: "abc" },
      { lineNumber: 2, text: "" },
      { lineNumber: 3, text: "def" },
      { lineNumber: 4, text: "g" },
    ]);
  });

  it("releases a file longer than one batch in one go and answers one entry per line", async () => {
    const before = await versions();
    const answer = await answerOf(await releaseTxtUpload(body(txtLines(2_300, "S")), "4866", actor, limits));
    expect(answer.released).toHaveLength(2_300);
    expect(answer.released[2_299]).toMatchObject({ apId: "S0002299", diCode: "4866", version: 1 });
    expect((await versions()) - before).toBe(2_300);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.score-reports.loaded" }, orderBy: { id: "desc" } });
    expect(event.recordCount).toBe(2_300);
  }, 180_000);

  it("refuses a file with a malformed line, naming it, before anything is released", async () => {
    const before = await versions();
    const lines = txtLines(1_500, "B", () => {});
    const edited = (function* () {
      let n = 0;
      for (const line of lines) {
        n++;
        // Line 1,234: a score of 7 in exam slot 1 (position 543).
        yield n === 1_234 ? line.slice(0, 542) + "7" + line.slice(543) : line;
      }
    })();
    const error = await refusal(releaseTxtUpload(body(edited), "4866", actor, limits));
    expect(error.details.field).toBe("line 1234");
    expect(error.message).toMatch(/^Line 1234: .*Nothing was loaded\.$/);
    expect(await versions()).toBe(before);
  }, 120_000);

  it("a problem only the database sees, in the second batch, releases nothing of the first and names its line", async () => {
    const codes = Object.keys(EXAM_CODES);
    await releaseScoreReports([
      ReleaseInputSchema.parse({
        diCode: "4866",
        student: { apId: "L0001100", firstName: "Ada", lastName: "Lovelace", dateOfBirth: "2007-12-10" },
        exams: codes.slice(0, 25).map((examCode) => ({ adminYear: 2024, examCode, score: 3 })),
      }),
    ]);
    const before = await versions();
    const lines = txtLines(1_200, "L", (record, lineNumber) => {
      if (lineNumber === 1_101)
        record.exams = codes.slice(0, 6).map((examCode) => ({ adminYear: 2025, examCode, score: 4, irregularityCodes: [], suppression: "", classSection: "" }));
    });
    const error = await refusal(releaseTxtUpload(body(lines), "4866", actor, limits));
    expect(error.details.field).toBe("line 1101");
    expect(error.message).toMatch(/^Line 1101: .*at most 30/);
    expect(await versions()).toBe(before);
  }, 120_000);

  it("refuses a body over the byte limit and more records than allowed", async () => {
    const big = await refusal(releaseTxtUpload(body(txtLines(3, "X")), "4866", actor, { maxBytes: 2_000, maxRecords: 10 }));
    expect(big.code).toBe("PAYLOAD_TOO_LARGE");
    const many = await refusal(releaseTxtUpload(body(txtLines(3, "Y")), "4866", actor, { maxBytes: 10_000, maxRecords: 2 }));
    expect(many.message).toMatch(/has 3 records; upload at most 2/);
  });

  it("validates a 100,000-line file with memory flat: far less than the file's size is ever held", async () => {
    // Retained memory, not garbage: collect before each sample.
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let bytes = 0;
    let chunks = 0;
    const counted = (async function* () {
      for await (const chunk of body(txtLines(100_000, "M"))) {
        bytes += chunk.byteLength;
        if (++chunks % 100 === 0) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
        }
        yield chunk;
      }
      // A malformed last line: the whole file is read and validated, and nothing is released.
      yield encoder.encode("not a record\r\n");
    })();
    const error = await refusal(releaseTxtUpload(counted, "4866", actor, { ...limits, maxBytes: limits.maxBytes + 100 }));
    expect(error.details.field).toBe("line 100001");
    expect(bytes).toBeGreaterThan(95_000_000);
    // The file is ~95 MB; what stays is one chunk, one record and a short key per line.
    expect(peak).toBeLessThan(bytes / 5);
    console.log(`100,000-line upload: ${(bytes / 1e6).toFixed(1)} MB read, peak retained heap +${(peak / 1e6).toFixed(1)} MB`);
  }, 600_000);
});
