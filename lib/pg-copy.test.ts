import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { withPgTransaction } from "@/lib/db";
import { copyCsvLines, copyCsvRow } from "@/lib/pg-copy";

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
