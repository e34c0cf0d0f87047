"use strict";
// Loads Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm).
//
// The package's entry point does `import * as wasm from "./schema_engine_bg.wasm"`, an ESM-WASM
// integration Node 20 does not have. So we compile the .wasm bytes ourselves and feed it the
// wasm-bindgen JS glue (schema_engine_bg.js) as its import object, which is all that entry does.
const fs = require("node:fs");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

// Panicking Rust code reports its message through this global before trapping; without it the
// trap turns into an unrelated "Cannot read properties of undefined" and the real cause is lost.
globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
  message: "",
  set_message(message) {
    this.message = `RuntimeError: ${message}`;
  },
};

async function loadSchemaEngineWasm() {
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  // The glue is ESM ("type": "module"); dynamic import works from CommonJS.
  const glue = await import(pathToFileURL(gluePath).href);
  const pkgDir = path.dirname(gluePath);
  const module = new WebAssembly.Module(fs.readFileSync(path.join(pkgDir, "schema_engine_bg.wasm")));
  const imports = {};
  for (const { module: ns, name } of WebAssembly.Module.imports(module)) {
    if (!(name in glue)) throw new Error(`schema-engine-wasm glue lacks import ${ns}.${name}`);
    (imports[ns] ??= {})[name] = glue[name];
  }
  const instance = new WebAssembly.Instance(module, imports);
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue; // exports SchemaEngine and version()
}

module.exports = { loadSchemaEngineWasm };
