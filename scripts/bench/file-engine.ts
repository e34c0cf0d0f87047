/**
 * Child process of the file scenarios when the build has no file-download route: streams one
 * stored bulk file with the app's engine (lib/bulk/stream.ts) to stdout, starting when the
 * parent writes a line, so the parent times the stream alone and samples this process's memory.
 */
import { pipeline } from "node:stream/promises";
import { loadBulkFile } from "@/lib/bulk/queries";
import { bulkFileReadable } from "@/lib/bulk/stream";
import { closeDb, pool } from "@/lib/db";

async function main(): Promise<void> {
  const file = await loadBulkFile(process.argv[2] ?? "");
  if (!file) throw new Error(`no bulk file ${process.argv[2]}`);
  // Open the pool's connection before the clock starts, as a warm server would have it.
  (await pool().connect()).release();
  process.stderr.write("ready\n");
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  await pipeline(bulkFileReadable(file.definition, file.format), process.stdout);
  await closeDb();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
