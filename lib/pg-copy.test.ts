import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { withPgTransaction } from "@/lib/db";
import { to as copyTo } from "pg-copy-streams";
import { CopyBinaryRowReader, copyCsvLines, copyCsvRow, inlineParameters } from "@/lib/pg-copy";

useTestDatabase();

describe("COPY rows", () => {
  it("carries quotes, commas, backslashes, line breaks and JSON exactly, and tells NULL from an empty string", async () => {
    const values = ['He said "hi", then left', "C:\\path\\n not a newline", "two\nlines\r\n", JSON.stringify({ a: 'x"y', b: ["\\", ","] }), ""];
    const rows = await withPgTransaction(async (client) => {
      await client.query("CREATE TEMP TABLE copied (n int, value text, doc jsonb) ON COMMIT DROP");
      await copyCsvLines(client, "COPY copied (n, value, doc) FROM STDIN WITH (FORMAT csv)", [
        ...values.map((value, n) => copyCsvRow([n, value, JSON.stringify({ value })])),
        copyCsvRow([values.length, null, null]),
      ]);
      return (await client.query<{ n: number; value: string | null; doc: { value: string } | null }>("SELECT n, value, doc FROM copied ORDER BY n")).rows;
    });
    expect(rows.map((r) => r.value)).toEqual([...values, null]);
    expect(rows.map((r) => r.doc?.value ?? null)).toEqual([...values, null]);
  });
});

describe("inlineParameters", () => {
  it("writes each parameter as a quoted literal, $10 apart from $1, and never rescans a literal", () => {
    const values = ["a'b", 2, 3, 4, 5, 6, 7, 8, 9, ["1", "2"], "$1"];
    expect(inlineParameters("SELECT $1, $10::bigint[], $2, $11", values)).toBe(`SELECT 'a''b', '{"1","2"}'::bigint[], '2', '$1'`);
    expect(inlineParameters("$1 $2 $3", [new Date("2026-07-01T04:00:00Z"), [], null])).toBe("'2026-07-01T04:00:00.000+00:00' '{}' NULL");
    expect(() => inlineParameters("SELECT $2", ["only one"])).toThrow(/\$2/);
  });

  it("reads exactly the rows the parameterized query reads, dates and backslashes included", async () => {
    const text = `SELECT x FROM (VALUES ('2026-07-01 03:59:59.999'::timestamp, 'a'), ('2026-07-01 04:00:00'::timestamp, 'b')) t(at, x)
                   WHERE at >= $1 AND x <> $2 AND $3::text[] IS NOT NULL ORDER BY x`;
    const values = [new Date("2026-07-01T04:00:00Z"), "C:\\n'", ["\\", '"', "x"]];
    const bound = await withPgTransaction((client) => client.query<{ x: string }>(text, values));
    const inlined = await withPgTransaction((client) => client.query<{ x: string }>(inlineParameters(text, values)));
    expect(bound.rows).toEqual([{ x: "b" }]);
    expect(inlined.rows).toEqual(bound.rows);
  });
});

describe("CopyBinaryRowReader", () => {
  async function copyOut(sql: string): Promise<Buffer> {
    return withPgTransaction(async (client) => {
      const chunks: Buffer[] = [];
      for await (const chunk of client.query(copyTo(`COPY (${sql}) TO STDOUT (FORMAT binary)`)) as AsyncIterable<Buffer>) chunks.push(chunk);
      return Buffer.concat(chunks);
    });
  }

  function readAll(reader: CopyBinaryRowReader, pieces: Buffer[]): string[] {
    const rows: string[] = [];
    for (const piece of pieces) {
      reader.feed(piece);
      while (reader.next()) rows.push(reader.buffer.toString("utf8", reader.start, reader.end));
    }
    reader.finish();
    return rows;
  }

  const values = ["plain", 'quote " comma , backslash \\ tab \t', "line\r\nbreak", "", "é ü 漢", "x".repeat(3000)];
  const sql = inlineParameters("SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n", [values]);

  it("gives every row's bytes exactly, however the stream is cut", async () => {
    const bytes = await copyOut(sql);
    expect(readAll(new CopyBinaryRowReader(), [bytes])).toEqual(values);
    // Cut at every offset into two pieces, and into one-byte pieces.
    for (let cut = 0; cut <= bytes.length; cut += 7) {
      expect(readAll(new CopyBinaryRowReader(), [bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(values);
    }
    const oneByte = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const reader = new CopyBinaryRowReader();
    expect(readAll(reader, oneByte)).toEqual(values);
    expect(reader.rows).toBe(values.length);
  });

  it("refuses a stream cut short, a NULL and rows of two columns", async () => {
    const bytes = await copyOut(sql);
    expect(() => readAll(new CopyBinaryRowReader(), [bytes.subarray(0, bytes.length - 2)])).toThrow(/ended early/);
    expect(() => readAll(new CopyBinaryRowReader(), [bytes.subarray(0, bytes.length - 100)])).toThrow(/ended early/);
    expect(() => readAll(new CopyBinaryRowReader(), [Buffer.from("v\tn\n".repeat(10))])).toThrow(/not a binary COPY/);
    const withNull = await copyOut("SELECT NULL::text");
    expect(() => readAll(new CopyBinaryRowReader(), [withNull])).toThrow(/NULL/);
    const twoColumns = await copyOut("SELECT 'a'::text, 'b'::text");
    expect(() => readAll(new CopyBinaryRowReader(), [twoColumns])).toThrow(/one column/);
  });
});
