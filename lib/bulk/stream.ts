import { Readable } from "node:stream";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { downloadPool, replicaPool } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { giveWay } from "@/lib/priority";
import { currentWatermark } from "@/lib/bulk/sequence";
import { TXT_LINE_ENDING } from "@/lib/formats/txt";
import { TXT_RECORD_LENGTH } from "@/lib/formats/txt-layout";
import { CopyBinaryRowReader, inlineParameters } from "@/lib/pg-copy";
import { CSV_LINE_ENDING, MAX_CSV_ROW_BYTES, csvHeaderLine, writeTxtLineAsCsv } from "@/lib/formats/csv";
import { fileRowsQuery, type BulkFormat, type FileDefinition } from "@/lib/bulk/definition";

/**
 * Rows come from `COPY … TO STDOUT (FORMAT binary)`: the database's bytes are copied into the
 * response's chunks and never become strings. (Rows read through a cursor were strings that
 * lived until their batch was written; with several downloads at once many outlived the young
 * generation's collections, and server memory grew by hundreds of megabytes at release-day
 * peak.) Chunks are small, so a page waits little behind one (lib/priority.ts).
 */
const CHUNK_BYTES = 64 * 1024;
const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;
const MAX_ROW_BYTES = Math.max(MAX_CSV_ROW_BYTES, TXT_RECORD_LENGTH) + TXT_LINE_ENDING.length;

/** How long a file waits for the replica to replay its watermark before reading the primary. */
export const REPLICA_WAIT_MS = 1000;
const REPLICA_POLL_MS = 50;

export type ReadSource = "primary" | "replica";

export interface StreamOptions {
  /** Called once the last record has been handed to the response, with the record count and where it was read. */
  onComplete?: (records: number, source: ReadSource) => Promise<void> | void;
}

/**
 * A connection that sees everything the file holds. The replica qualifies once its copy of the
 * release sequence's counter has reached the file's watermark: positions are assigned and the
 * counter moved in one transaction, sequencer runs commit in order, and a standby replays
 * commits in that order, so from then on it has every version at or below the watermark (and
 * those never change). The check runs on the connection that then streams, so it holds for
 * that server even behind a load balancer. A lagging or unreachable replica means the primary.
 */
export async function connectForFile(watermark: bigint): Promise<{ client: pg.PoolClient; source: ReadSource }> {
  const replica = replicaPool();
  if (replica) {
    let client: pg.PoolClient | null = null;
    try {
      client = await replica.connect();
      const deadline = Date.now() + REPLICA_WAIT_MS;
      for (;;) {
        if ((await currentWatermark(client)) >= watermark) return { client, source: "replica" };
        if (Date.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, REPLICA_POLL_MS));
      }
      logger.warn({ watermark: String(watermark) }, "the read replica has not replayed this file's watermark yet; reading the primary");
      client.release();
    } catch (error) {
      client?.release(true);
      logger.warn({ err: error }, "the read replica is unavailable; reading the primary");
    }
  }
  return { client: await downloadPool().connect(), source: "primary" };
}

/**
 * A bulk file as a stream: database cursor → formatter → response, so memory stays flat
 * however large the institution. TXT lines are stored rendered; CSV rows are cut from them.
 * The connection is taken on the first read (scripts, SFTP deliveries); a download response
 * takes it first with openBulkFile.
 */
export function bulkFileChunks(def: FileDefinition, format: BulkFormat, options: StreamOptions = {}): AsyncGenerator<Buffer> {
  return (async function* () {
    yield* leasedChunks(await leaseForFile(def.watermark), def, format, options);
  })();
}

/**
 * A bulk file as a readable stream whose database connection is already held: a download
 * waits for one of the download pool's connections before it answers, so a download that
 * cannot get one within DOWNLOAD_WAIT_SECONDS is refused with 503 + Retry-After instead of
 * answering 200 and then failing (or hanging) mid-body. The connection goes back when the
 * file is read, when the client goes away, or when it reads nothing for DOWNLOAD_STALL_SECONDS
 * (also before the first byte).
 */
export async function openBulkFile(def: FileDefinition, format: BulkFormat, options: StreamOptions = {}): Promise<Readable> {
  const lease = await leaseForFile(def.watermark);
  lease.watch();
  const readable = Readable.from(leasedChunks(lease, def, format, options), { objectMode: false });
  // A response cancelled before its first read never starts the generator (its finally never runs).
  readable.once("close", () => lease.release(true));
  return readable;
}

/** A connection held for one file, given back exactly once; `watch` arms the stall limit. */
interface Lease {
  client: pg.PoolClient;
  source: ReadSource;
  released: () => boolean;
  release: (discard: boolean) => void;
  watch: () => void;
  unwatch: () => void;
}

const DOWNLOADS_BUSY_MESSAGE = "Too many file downloads are in progress right now. Please try again in a few seconds.";

async function leaseForFile(watermark: bigint): Promise<Lease> {
  const settings = env();
  const pool = downloadPool();
  // pg's pool says "timeout exceeded when trying to connect" both for a full pool and a slow
  // server; a download that had to queue is ours to explain (the database itself may be fine).
  const queued = pool.totalCount >= settings.DOWNLOAD_POOL_SIZE && pool.idleCount === 0;
  let connection: { client: pg.PoolClient; source: ReadSource };
  try {
    connection = await connectForFile(watermark);
  } catch (error) {
    if (queued && /timeout exceeded when trying to connect/i.test(String((error as Error)?.message))) {
      logger.warn({ waiting: pool.waitingCount }, "every download connection is busy: refusing a download (503)");
      throw new AppError("UNAVAILABLE", DOWNLOADS_BUSY_MESSAGE, { retryAfterSeconds: settings.RETRY_AFTER_SECONDS });
    }
    throw error;
  }
  const stallMs = settings.DOWNLOAD_STALL_SECONDS * 1000;
  let released = false;
  let stall: NodeJS.Timeout | undefined;
  const lease: Lease = {
    ...connection,
    released: () => released,
    release: (discard) => {
      clearTimeout(stall);
      if (released) return;
      released = true;
      connection.client.release(discard);
    },
    // While the client reads nothing the generator sits at a `yield` (or has not started): past
    // DOWNLOAD_STALL_SECONDS its connection (and open cursor) is discarded so the next download can have it.
    watch: () => {
      clearTimeout(stall);
      stall = setTimeout(() => {
        if (released) return;
        logger.warn({ stallSeconds: stallMs / 1000 }, "download stalled: closing its database connection");
        lease.release(true);
      }, stallMs);
      stall.unref();
    },
    unwatch: () => clearTimeout(stall),
  };
  return lease;
}

async function* leasedChunks(lease: Lease, def: FileDefinition, format: BulkFormat, options: StreamOptions): AsyncGenerator<Buffer> {
  const query = fileRowsQuery(def, format);
  let finished = false;
  const stalled = () => new Error("download stalled: the client read nothing for too long");
  const handOut = (bytes: Buffer) => {
    lease.watch();
    return bytes;
  };
  try {
    lease.unwatch();
    if (lease.released()) throw stalled();
    const sql = `COPY (${inlineParameters(query.text, query.values)}) TO STDOUT (FORMAT binary)`;
    const copy = lease.client.query(copyTo(sql));
    const rows = new CopyBinaryRowReader();
    let chunk = Buffer.allocUnsafe(CHUNK_BYTES + MAX_ROW_BYTES);
    let used = format === "CSV" ? chunk.write(csvHeaderLine() + CSV_LINE_ENDING, 0, "latin1") : 0;
    for await (const data of copy as AsyncIterable<Buffer>) {
      rows.feed(data);
      while (rows.next()) {
        const { buffer, start, end } = rows;
        if (format === "TXT") {
          // Content-Length counts 950 bytes a record: a record of any other size must not be sent.
          if (end - start !== TXT_RECORD_LENGTH) throw new Error(`a stored TXT record is ${end - start} bytes, not ${TXT_RECORD_LENGTH}`);
          used += buffer.copy(chunk, used, start, end);
        } else {
          // Rows from before csv_record existed come as their TXT line (CSV rows begin with a quote).
          used = buffer[start] === QUOTE ? used + buffer.copy(chunk, used, start, end) : writeTxtLineAsCsv(buffer, start, end, chunk, used);
        }
        chunk[used++] = CR;
        chunk[used++] = LF;
        if (used >= CHUNK_BYTES) {
          yield handOut(chunk.subarray(0, used));
          // Pages and APIs served by this process go first (lib/priority.ts).
          await giveWay();
          lease.unwatch();
          if (lease.released()) throw stalled();
          chunk = Buffer.allocUnsafe(CHUNK_BYTES + MAX_ROW_BYTES);
          used = 0;
        }
      }
    }
    rows.finish();
    const records = rows.rows;
    if (used) {
      yield handOut(chunk.subarray(0, used));
      lease.unwatch();
      if (lease.released()) throw stalled();
    }
    finished = true;
    await options.onComplete?.(records, lease.source);
  } finally {
    // A client that stopped reading mid-file leaves a COPY running: discard that connection.
    lease.release(!finished);
  }
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
