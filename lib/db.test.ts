import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { TransactionTimeoutError, inBulkLane, pool, prepared, withPgTransaction } from "@/lib/db";
import { AppError } from "@/lib/errors";

useTestDatabase();

describe("withPgTransaction's time limit", () => {
  it("ends a transaction past its limit (waiting on the server or in the app): rolled back, its locks freed, the pool still serving", async () => {
    await pool().query("CREATE TABLE IF NOT EXISTS tx_limit_probe (id int PRIMARY KEY, note text)");
    await pool().query("TRUNCATE tx_limit_probe");

    // Stuck on the server: a long statement holding a row's lock.
    const started = Date.now();
    const onServer = withPgTransaction(
      async (client) => {
        await client.query("INSERT INTO tx_limit_probe VALUES (1, 'server')");
        await client.query("SELECT pg_sleep(30)");
        return "finished";
      },
      { timeoutMs: 500 },
    );
    await expect(onServer).rejects.toBeInstanceOf(TransactionTimeoutError);
    expect(Date.now() - started).toBeLessThan(10_000);

    // Stuck in the app between statements: the next statement fails and nothing commits.
    const inApp = withPgTransaction(
      async (client) => {
        await client.query("INSERT INTO tx_limit_probe VALUES (2, 'app')");
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await client.query("INSERT INTO tx_limit_probe VALUES (3, 'app')");
        return "finished";
      },
      { timeoutMs: 500 },
    );
    const error = await inApp.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionTimeoutError);
    expect((error as TransactionTimeoutError).status).toBe(503);
    expect((error as TransactionTimeoutError).message).toMatch(/nothing was saved/);

    // Nothing either wrote was kept, and the row lock on id 1 is free (this would wait otherwise).
    const { rows } = await pool().query("SELECT id FROM tx_limit_probe ORDER BY id");
    expect(rows).toEqual([]);
    await withPgTransaction(
      async (client) => {
        await client.query("SET LOCAL lock_timeout = '2s'");
        await client.query("INSERT INTO tx_limit_probe VALUES (1, 'again')");
      },
      { timeoutMs: 10_000 },
    );
    expect((await pool().query("SELECT note FROM tx_limit_probe WHERE id = 1")).rows).toEqual([{ note: "again" }]);
    await pool().query("DROP TABLE tx_limit_probe");
  });

  it("hands the statements sent with BEGIN their results, and commitWith commits in the same round trip as its statement", async () => {
    await pool().query("CREATE TABLE tx_commit_probe (id int PRIMARY KEY, note text)");
    try {
      const made = await withPgTransaction(
        async (_client, tx) => {
          expect(tx.begun.map((r) => r.rows)).toEqual([[{ pg_advisory_xact_lock: "" }], [{ n: 7 }]]);
          const { rows } = await tx.commitWith("INSERT INTO tx_commit_probe VALUES (1, 'kept') RETURNING note;");
          return rows;
        },
        { withBegin: "SELECT pg_advisory_xact_lock(42); SELECT 7 AS n" },
      );
      expect(made).toEqual([{ note: "kept" }]);
      expect((await pool().query("SELECT note FROM tx_commit_probe")).rows).toEqual([{ note: "kept" }]);
      // The statement fails: nothing of the transaction is kept, and the error reaches the caller.
      const failed = withPgTransaction(async (client, tx) => {
        await client.query("INSERT INTO tx_commit_probe VALUES (2, 'lost')");
        await tx.commitWith("INSERT INTO tx_commit_probe VALUES (1, 'duplicate')");
      });
      await expect(failed).rejects.toThrow(/duplicate key/);
      expect((await pool().query("SELECT id FROM tx_commit_probe ORDER BY id")).rows).toEqual([{ id: 1 }]);
      // Nothing may follow it.
      await expect(
        withPgTransaction(async (_client, tx) => {
          await tx.commitWith("SELECT 1");
          await tx.commitWith("SELECT 2");
        }),
      ).rejects.toThrow(/already committing/);
      // The pool's connections are all usable afterwards.
      await Promise.all(Array.from({ length: 4 }, () => pool().query("SELECT 1")));
    } finally {
      await pool().query("DROP TABLE tx_commit_probe");
    }
  });

  it("leaves a transaction within its limit alone, and an ordinary failure is rethrown and rolled back", async () => {
    await expect(withPgTransaction(async (client) => (await client.query<{ n: number }>("SELECT 1 AS n")).rows[0]!.n, { timeoutMs: 5_000 })).resolves.toBe(1);
    const failure = withPgTransaction(async (client) => {
      await client.query("CREATE TEMP TABLE tx_failure_probe (id int)");
      throw new Error("refused by the caller");
    });
    await expect(failure).rejects.toThrow("refused by the caller");
    await expect(pool().query("SELECT 1 FROM tx_failure_probe")).rejects.toThrow(/does not exist/);
  });
});

describe("the bulk lane", () => {
  it("runs FILE_PREPARE_CONCURRENCY at a time, in arrival order, and refuses with 503 after DOWNLOAD_WAIT_SECONDS", async () => {
    process.env.FILE_PREPARE_CONCURRENCY = "2";
    process.env.DOWNLOAD_WAIT_SECONDS = "1";
    try {
      let running = 0;
      let most = 0;
      const started: number[] = [];
      const work = (n: number) =>
        inBulkLane(async () => {
          started.push(n);
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 50));
          running--;
          return n;
        });
      await expect(Promise.all([0, 1, 2, 3, 4, 5].map(work))).resolves.toEqual([0, 1, 2, 3, 4, 5]);
      expect(most).toBe(2);
      expect(started).toEqual([0, 1, 2, 3, 4, 5]);

      // Two slots held for longer than the wait: the third caller is refused, and the lane recovers.
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const holders = [inBulkLane(() => held), inBulkLane(() => held)];
      const refused = await inBulkLane(async () => "ran").catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).status).toBe(503);
      expect((refused as AppError).details.retryAfterSeconds).toBeGreaterThan(0);
      release();
      await Promise.all(holders);
      await expect(inBulkLane(async () => "ran")).resolves.toBe("ran");
      // A failing job gives its slot back too.
      await expect(inBulkLane(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
      await expect(Promise.all([work(7), work(8), work(9)])).resolves.toEqual([7, 8, 9]);
    } finally {
      delete process.env.FILE_PREPARE_CONCURRENCY;
      delete process.env.DOWNLOAD_WAIT_SECONDS;
    }
  });
});

describe("timestamps on the raw-SQL paths", () => {
  it("are UTC wall time, as Prisma stores them, whatever the process's time zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      const instant = new Date("2026-07-01T12:34:56.789Z");
      const client = await pool().connect();
      try {
        await client.query("CREATE TEMP TABLE ts_probe (at timestamp(3), at_tz timestamptz)");
        await client.query("INSERT INTO ts_probe VALUES ($1, $2)", [instant, instant]);
        const { rows } = await client.query<{ at: Date; at_tz: Date; text: string }>("SELECT at, at_tz, at::text AS text FROM ts_probe");
        expect(rows[0]!.text).toBe("2026-07-01 12:34:56.789");
        expect(rows[0]!.at.toISOString()).toBe(instant.toISOString());
        expect(rows[0]!.at_tz.toISOString()).toBe(instant.toISOString());
      } finally {
        client.release();
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});

describe("prepared statements", () => {
  it("are parsed once per connection and named by their text", async () => {
    const text = "SELECT $1::int + 1 AS n";
    const client = await pool().connect();
    try {
      for (const value of [1, 2, 3]) expect((await client.query<{ n: number }>(prepared(text, [value]))).rows[0]?.n).toBe(value + 1);
      const other = prepared("SELECT $1::int + 2 AS n", [1]);
      expect(other.name).not.toBe(prepared(text, []).name);
      await client.query(other);
      const { rows } = await client.query<{ statement: string }>("SELECT statement FROM pg_prepared_statements ORDER BY statement");
      expect(rows.map((r) => r.statement)).toEqual(["SELECT $1::int + 1 AS n", "SELECT $1::int + 2 AS n"]);
    } finally {
      client.release();
    }
  });
});
