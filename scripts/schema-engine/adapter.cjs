"use strict";
// The driver adapter the WASM schema engine talks to PostgreSQL through: @prisma/adapter-pg,
// with the fixes it needs to serve a schema engine (it was written for Prisma Client queries).
const crypto = require("node:crypto");
const pg = require("pg");
const { PrismaPg } = require("@prisma/adapter-pg");
// Not a direct dependency of the project: take the copy adapter-pg itself uses.
const { ColumnTypeEnum, bindMigrationAwareSqlAdapterFactory } = require(
  require.resolve("@prisma/driver-adapter-utils", { paths: [require.resolve("@prisma/adapter-pg")] }),
);

const debug = /^(1|true)$/.test(process.env.PRISMA_SCHEMA_ENGINE_BRIDGE_DEBUG ?? "");
const trace = (message) => debug && process.stderr.write(JSON.stringify({ level: "DEBUG", fields: { message }, target: "schema_engine::bridge" }) + "\n");

const OID_CHAR = 18; // "char": pg_class.relkind, pg_constraint.contype, …
// Other catalog-only types adapter-pg rejects as UnsupportedNativeDataType; as text they are
// harmless (the engine reads them as strings, if at all).
const CATALOG_TEXT_OIDS = new Set([
  19 /* name */, 22 /* int2vector */, 24 /* regproc */, 28 /* xid */, 30 /* oidvector */, 194 /* pg_node_tree */, 1033 /* aclitem */, 2205 /* regclass */,
  2206 /* regtype */,
]);
const OID_TEXT = 25;

// adapter-pg's classes are not exported; patch them once through the first instance we get.
let patched = false;
function patchAdapterClasses(adapter) {
  if (patched) return;
  patched = true;
  const adapterProto = Object.getPrototypeOf(adapter); // PrismaPgAdapter
  const queryableProto = Object.getPrototypeOf(adapterProto); // PgQueryable (also PgTransaction's base)

  // adapter-pg throws on "char" columns, which the engine's catalog queries select. Relabel them
  // as text for adapter-pg's type mapping, then report them as Character: the engine decodes a
  // Text column into a string and PG 17+'s describer then panics expecting a char.
  const charColumns = new WeakMap();
  const performIO = queryableProto.performIO;
  queryableProto.performIO = async function (query) {
    const result = await performIO.call(this, query);
    const chars = [];
    result?.fields?.forEach((field, i) => {
      if (field.dataTypeID === OID_CHAR) {
        field.dataTypeID = OID_TEXT;
        chars.push(i);
      } else if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) {
        field.dataTypeID = OID_TEXT;
      }
    });
    if (chars.length) charColumns.set(query, chars);
    return result;
  };
  const queryRaw = queryableProto.queryRaw;
  queryableProto.queryRaw = async function (query) {
    const result = await queryRaw.call(this, query);
    for (const i of charColumns.get(query) ?? []) result.columnTypes[i] = ColumnTypeEnum.Character;
    charColumns.delete(query);
    return result;
  };

  // adapter-pg splits scripts on ";", which breaks on any ";" inside a string literal, comment or
  // DO $$ … $$ body, and can leave a migration half-applied. PostgreSQL's simple-query protocol
  // (a query without parameters) takes a multi-statement script as is.
  adapterProto.executeScript = async function (script) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = "/" + encodeURIComponent(database);
  return u.toString();
}

/** The `?schema=` of a Prisma connection string (default: public). */
function schemaOf(url) {
  try {
    return new URL(url).searchParams.get("schema") || "public";
  } catch {
    return "public";
  }
}

function pgConfig(url) {
  // `schema` is Prisma's own parameter; PostgreSQL has search_path instead.
  const schema = schemaOf(url);
  const config = { connectionString: url };
  if (schema !== "public") config.options = `-c search_path="${schema.replace(/"/g, '""')}"`;
  return config;
}

async function connect(url) {
  const schema = schemaOf(url);
  const adapter = await new PrismaPg(pgConfig(url), { schema: schema === "public" ? undefined : schema }).connect();
  patchAdapterClasses(adapter);
  return adapter;
}

/** Runs one statement on a throw-away connection (CREATE/DROP DATABASE cannot run in a pool tx anyway). */
async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

/**
 * The SqlMigrationAwareDriverAdapterFactory handed to the WASM engine.
 *
 * connectToShadowDb is ours: adapter-pg's keeps the original connectionString (which overrides the
 * `database` it sets, so the "shadow" is the real database) and drops the shadow database before
 * closing its pool (which fails while connected).
 */
function createAdapterFactory({ url, shadowDatabaseUrl }) {
  const factory = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: () => connect(url),
    async connectToShadowDb() {
      if (shadowDatabaseUrl) {
        // A configured shadow database is the user's to reuse: empty it, as the native engine does.
        const schema = quoteIdent(schemaOf(shadowDatabaseUrl));
        await withClient(shadowDatabaseUrl, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`));
        return connect(shadowDatabaseUrl);
      }
      const name = `prisma_migrate_shadow_db_${crypto.randomUUID()}`;
      await withClient(url, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
      trace(`created shadow database ${name}`);
      let adapter;
      try {
        adapter = await connect(withDatabase(url, name));
      } catch (error) {
        await dropDatabase(url, name);
        throw error;
      }
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose(); // close the pool first, or DROP DATABASE fails with "being accessed"
        await dropDatabase(url, name);
      };
      return adapter;
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory);
}

async function dropDatabase(url, name) {
  await withClient(url, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  trace(`dropped shadow database ${name}`);
}

module.exports = { createAdapterFactory, withClient, withDatabase, quoteIdent, dropDatabase, ColumnTypeEnum };

/**
 * A stand-in "database" for diffs between two datamodels when the configured database is not
 * reachable (CI without a server, `DATABASE_URL` unset…). The native engine needs no connection
 * for those; the WASM engine still opens one and asks only for the server version, answered here.
 */
function createOfflineAdapterFactory() {
  const offlineError = () => new Error("The offline schema engine has no database connection for this command (the configured database is not reachable).");
  const adapter = {
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    async queryRaw({ sql }) {
      if (!/server_version_num/.test(sql)) throw offlineError();
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 16.0 (no database: offline diff)", 160000]],
      };
    },
    executeRaw: async () => {
      throw offlineError();
    },
    executeScript: async () => {
      throw offlineError();
    },
    startTransaction: async () => {
      throw offlineError();
    },
    getConnectionInfo: () => ({ schemaName: undefined, supportsRelationJoins: true }),
    dispose: async () => {},
  };
  return bindMigrationAwareSqlAdapterFactory({
    provider: "postgres",
    adapterName: "@prisma/adapter-pg",
    connect: async () => adapter,
    connectToShadowDb: async () => {
      throw offlineError();
    },
  });
}

module.exports.createOfflineAdapterFactory = createOfflineAdapterFactory;
