"use strict";
// The JSON-RPC session: one request per stdin line, one response per stdout line, in the native
// engine's shapes, forwarded to the WASM SchemaEngine.
const fs = require("node:fs");
const readline = require("node:readline");
const { loadSchemaEngineWasm } = require("./wasm.cjs");
const { createAdapterFactory, createOfflineAdapterFactory, withClient } = require("./adapter.cjs");

// Diff targets that need no database (the native engine would not connect for these).
const OFFLINE_TARGETS = new Set(["empty", "schemaDatamodel"]);

// Methods the WASM SchemaEngine implements under the same name and params as the RPC.
const FORWARDED = new Set([
  "applyMigrations",
  "createMigration",
  "dbExecute",
  "devDiagnostic",
  "diagnoseMigrationHistory",
  "ensureConnectionValidity",
  "evaluateDataLoss",
  "introspect",
  "introspectSql",
  "markMigrationApplied",
  "markMigrationRolledBack",
  "reset",
  "schemaPush",
  "debugPanic",
]);

async function serve(args, { logLine, debug, runCli }) {
  const send = (message) => fs.writeSync(1, JSON.stringify(message) + "\n");

  let wasmPromise;
  const newEngine = async (factory) => {
    const wasm = await (wasmPromise ??= loadSchemaEngineWasm());
    const datamodels = args.datamodels.length ? args.datamodels.map((p) => [p, fs.readFileSync(p, "utf8")]) : undefined;
    const onLog = (log) => {
      // Engine tracing JSON; only useful when debugging the bridge.
      if (debug) fs.writeSync(2, (typeof log === "string" ? log : JSON.stringify(log)) + "\n");
    };
    return wasm.SchemaEngine.new({ datamodels }, onLog, factory);
  };
  const { url, shadowDatabaseUrl } = args.datasource;
  let enginePromise;
  const getEngine = () => (enginePromise ??= newEngine(url ? createAdapterFactory({ url, shadowDatabaseUrl }) : createOfflineAdapterFactory()));
  let offlineEnginePromise;
  const getEngineForDiff = async ({ from, to }) => {
    if (!OFFLINE_TARGETS.has(from?.tag) || !OFFLINE_TARGETS.has(to?.tag) || !url) return getEngine();
    const reachable = await withClient(url, (c) => c.query("SELECT 1")).then(
      () => true,
      () => false,
    );
    return reachable ? getEngine() : (offlineEnginePromise ??= newEngine(createOfflineAdapterFactory()));
  };

  // Requests we send to the CLI (only `print`), keyed by id.
  let nextId = 1;
  const pending = new Map();
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const id = `bridge-${nextId++}`;
      pending.set(id, { resolve, reject });
      send({ jsonrpc: "2.0", method, params, id });
    });

  async function call(method, params) {
    if (FORWARDED.has(method)) {
      const engine = await getEngine();
      return (await engine[method](params ?? {})) ?? {};
    }
    switch (method) {
      case "version":
        return (await (wasmPromise ??= loadSchemaEngineWasm())).version();
      case "getDatabaseVersion":
        return (await getEngine()).version(params ?? null);
      case "diff": {
        // The WASM engine returns the diff in `stdout`; the native one sends it to the CLI as a
        // `print` request (the CLI prints it, or captures it for --output) and returns only exitCode.
        const result = await (await getEngineForDiff(params)).diff(params);
        if (result.stdout) await request("print", { content: result.stdout.replace(/\n$/, "") });
        return { exitCode: result.exitCode, stdout: null };
      }
      case "createDatabase": {
        const url = params?.datasource?.url ?? args.datasource.url;
        await runCli("create-database", url);
        return { databaseName: decodeURIComponent(new URL(url).pathname.slice(1)) };
      }
      case "dropDatabase":
        await runCli("drop-database", params?.url ?? args.datasource.url);
        return {};
      default:
        throw Object.assign(new Error(`Method not supported by the offline schema engine: ${method}`), { rpcCode: -32601 });
    }
  }

  let panicked = false;
  function toRpcError(error) {
    if (error?.rpcCode) return { code: error.rpcCode, message: error.message };
    const isPanic = error instanceof WebAssembly.RuntimeError || /^RuntimeError/.test(String(error?.message ?? ""));
    if (isPanic) {
      panicked = true; // the WASM instance is unusable after a trap
      const message = globalThis.PRISMA_WASM_PANIC_REGISTRY.message || String(error?.message ?? error);
      return { code: 4466, message, data: { is_panic: true, message, backtrace: error?.stack } };
    }
    // Engine errors carry the user-facing shape already (message, error_code, meta); keep it.
    const data = { is_panic: false, message: error?.message ?? String(error) };
    for (const key of ["error_code", "meta"]) if (error?.[key] !== undefined) data[key] = error[key];
    if (!data.error_code && typeof error?.code === "string" && /^P\d{4}$/.test(error.code)) data.error_code = error.code;
    return { code: 4466, message: "An error happened. Check the data field for details.", data };
  }

  const inFlight = new Set();
  const inFlightIds = new Set();
  // A WASM trap inside a driver-adapter callback (e.g. the describer unwrapping an unexpected
  // column type) escapes the engine's promise; fail the pending calls with the panic message
  // instead of dying silently, then exit like a panicking native engine.
  for (const event of ["uncaughtException", "unhandledRejection"]) {
    process.removeAllListeners(event); // replaces bin.cjs's handler, which knows no pending calls
    process.on(event, (error) => {
      const rpcError = toRpcError(error instanceof Error ? error : new Error(String(error)));
      if (!rpcError.data?.is_panic) {
        const message = globalThis.PRISMA_WASM_PANIC_REGISTRY.message || error?.stack || String(error);
        Object.assign(rpcError, { message, data: { is_panic: true, message } });
      }
      logLine("ERROR", rpcError.data.message, { is_panic: true });
      for (const id of inFlightIds) send({ jsonrpc: "2.0", error: rpcError, id });
      process.exit(101);
    });
  }
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      send({ jsonrpc: "2.0", error: { code: -32700, message: "Parse error" }, id: null });
      return;
    }
    if (msg.method === undefined) {
      // A response to one of our requests.
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (p) msg.error ? p.reject(new Error(JSON.stringify(msg.error))) : p.resolve(msg.result);
      return;
    }
    if (debug) logLine("DEBUG", `rpc → ${msg.method}`);
    inFlightIds.add(msg.id);
    const work = call(msg.method, msg.params)
      .then((result) => send({ jsonrpc: "2.0", result, id: msg.id }))
      .catch((error) => {
        if (debug) logLine("DEBUG", `rpc ✗ ${msg.method}: ${error?.stack ?? error} ${JSON.stringify(error)}`);
        const rpcError = toRpcError(error);
        if (rpcError.data?.is_panic) logLine("ERROR", rpcError.data.message, { is_panic: true });
        send({ jsonrpc: "2.0", error: rpcError, id: msg.id });
      })
      .finally(() => {
        inFlight.delete(work);
        inFlightIds.delete(msg.id);
        if (panicked) process.exit(101);
      });
    inFlight.add(work);
  });
  rl.on("close", async () => {
    // The CLI ends stdin to stop us. pg pools would keep the event loop alive, so exit explicitly.
    await Promise.allSettled([...inFlight]);
    process.exit(0);
  });
}

module.exports = { serve };
