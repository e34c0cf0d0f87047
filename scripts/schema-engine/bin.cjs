#!/usr/bin/env node
"use strict";
// Offline schema engine: a stand-in for Prisma's native `schema-engine` binary, which the CLI
// would otherwise download (impossible on air-gapped machines). The CLI finds it through
// PRISMA_SCHEMA_ENGINE_BINARY (set in prisma.config.ts), spawns it with the same arguments and
// speaks the same line-delimited JSON-RPC; we run the engine's WASM build over @prisma/adapter-pg.
// See README.md in this folder.
const fs = require("node:fs");
const { withClient, withDatabase, quoteIdent } = require("./adapter.cjs");

const debug = /^(1|true)$/.test(process.env.PRISMA_SCHEMA_ENGINE_BRIDGE_DEBUG ?? "");

/** A log line in the native engine's tracing-JSON format, which the CLI parses from stderr. */
function logLine(level, message, extra = {}) {
  const line = JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target: "schema_engine::logger" });
  // Synchronous: the process often exits right after, and a pending async write would be lost.
  fs.writeSync(2, line + "\n");
}

function parseArgs(argv) {
  const args = { datamodels: [], datasource: {}, cli: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--datamodels" || a === "-d") args.datamodels.push(argv[++i]);
    else if (a === "--datasource") args.datasource = JSON.parse(argv[++i]);
    else if (a === "--enabled-preview-features" || a === "--extension-types")
      i++; // nothing to do for PostgreSQL
    else if (a === "--version" || a === "-V") args.version = true;
    else if (a === "cli") args.cli = argv[++i];
  }
  return args;
}

/** Maps a pg connection error to the Prisma error code the CLI branches on (P1003 ⇒ create the database). */
function describeConnectError(error, url) {
  const u = new URL(url);
  const db = decodeURIComponent(u.pathname.slice(1)) || "postgres";
  const at = `${u.hostname}:${u.port || 5432}`;
  switch (error.code) {
    case "3D000":
      return { error_code: "P1003", message: `Database \`${db}\` does not exist on the database server at \`${at}\`.` };
    case "28P01":
    case "28000":
      return {
        error_code: "P1000",
        message: `Authentication failed against database server at \`${u.hostname}\`, the provided database credentials for \`${decodeURIComponent(u.username)}\` are not valid.`,
      };
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "ETIMEDOUT":
      return { error_code: "P1001", message: `Can't reach database server at \`${at}\`` };
    default:
      return { message: error.message ?? String(error) };
  }
}

/** Runs `fn` against the server's maintenance database (the target database may not exist). */
async function withServer(url, fn) {
  try {
    return await withClient(withDatabase(url, "postgres"), fn);
  } catch (error) {
    if (error.code !== "3D000") throw error;
    return withClient(withDatabase(url, "template1"), fn);
  }
}

/** `schema-engine --datasource … cli <command>`: one-shot commands used before the RPC session. */
async function runCli(command, url) {
  const db = decodeURIComponent(new URL(url).pathname.slice(1)) || "postgres";
  switch (command) {
    case "can-connect-to-database":
      await withClient(url, (c) => c.query("SELECT 1"));
      return;
    case "create-database":
      await withServer(url, (c) => c.query(`CREATE DATABASE ${quoteIdent(db)}`));
      process.stdout.write(`Database '${db}' was successfully created.\n`);
      return;
    case "drop-database":
      await withServer(url, (c) => c.query(`DROP DATABASE ${quoteIdent(db)}`));
      process.stdout.write(`The database was successfully dropped.\n`);
      return;
    default:
      throw Object.assign(new Error(`Unknown cli command: ${command}`), { code: "usage" });
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (debug) logLine("DEBUG", `bridge argv: ${JSON.stringify(process.argv.slice(2))}`);
  if (args.version) {
    const { loadSchemaEngineWasm } = require("./wasm.cjs");
    process.stdout.write(`schema-engine-cli ${(await loadSchemaEngineWasm()).version()} (wasm bridge)\n`);
    return;
  }
  if (args.cli) {
    // The CLI discards the first stderr line of `cli` commands and parses the rest as JSON.
    logLine("INFO", `Starting schema engine CLI (wasm bridge): ${args.cli}`);
    try {
      await runCli(args.cli, args.datasource.url);
      process.exit(0);
    } catch (error) {
      logLine("ERROR", "", describeConnectError(error, args.datasource.url));
      process.exit(1);
    }
  }
  await require("./rpc.cjs").serve(args, { logLine, debug, runCli });
}

// A WASM trap inside a driver-adapter callback surfaces here rather than as a rejected RPC call.
// Exit 101 like a native engine panic, after an ERROR line the CLI picks up as the message.
for (const event of ["uncaughtException", "unhandledRejection"]) {
  process.on(event, (error) => {
    const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.message;
    logLine("ERROR", panic || error?.stack || String(error), { is_panic: true });
    process.exit(101);
  });
}

main().catch((error) => {
  logLine("ERROR", error?.stack ?? String(error));
  process.exit(1);
});
