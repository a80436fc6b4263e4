// Loads Prisma's schema engine compiled to WebAssembly. The CLI's native engine cannot be
// downloaded on these machines (shared/notes/toolchain.md), and the package's own entry point
// does `import * as wasm from "./x.wasm"`, which Node cannot load, so we instantiate it by hand.
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm/schema_engine_bg";
import * as bg from "@prisma/schema-engine-wasm/schema_engine_bg";
import pg from "pg";

export type { SchemaEngine };
export type Log = (line: string) => void;

// lib is ES2023 without DOM and @types/node 20 has no WebAssembly typings: type what we use.
interface WasmInstance {
  exports: { __wbindgen_start(): void } & Record<string, unknown>;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: Record<string, object>): Promise<WasmInstance>;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

// The wasm-bindgen glue (schema_engine_bg.js) keeps one module-level `wasm` binding, so one
// instance per process is all it supports; engines created afterwards share it. Caching the
// promise also caches the compiled module (compiling 5 MB of wasm is the slow part).
let ready: Promise<void> | undefined;

// The engine guards operations with timeouts (e.g. 10 s for its advisory lock) through the glue's
// setTimeout import and never clears them, so a finished CLI would linger until they fire.
// Unref'd timers still fire while the process is alive but no longer keep it alive.
function withUnrefTimers(glue: typeof bg): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const [key, fn] of Object.entries(imports)) {
    if (!key.startsWith("__wbg_setTimeout_") || typeof fn !== "function") continue;
    imports[key] = (...args: unknown[]) => {
      const timer = fn(...args) as { unref?: () => unknown } | undefined;
      timer?.unref?.();
      return timer;
    };
  }
  return imports;
}

/** The last panic message of the engine: its glue hands it to this registry before it aborts. */
let lastPanic: string | undefined;
(globalThis as { PRISMA_WASM_PANIC_REGISTRY?: unknown }).PRISMA_WASM_PANIC_REGISTRY ??= {
  set_message(message: string) {
    lastPanic = message;
    console.error(`prisma schema engine panicked: ${message}`);
  },
};
export const lastEnginePanic = () => lastPanic;

function loadWasm(): Promise<void> {
  ready ??= (async () => {
    const glue = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const module = await wasmApi.compile(await readFile(join(dirname(glue), "schema_engine_bg.wasm")));
    const instance = await wasmApi.instantiate(module, { "./schema_engine_bg.js": withUnrefTimers(bg) });
    bg.__wbg_set_wasm(instance.exports);
    instance.exports.__wbindgen_start();
  })().catch((err: unknown) => {
    ready = undefined; // let a later call retry instead of caching the failure
    throw err;
  });
  return ready;
}

/** `connectionString` with its database name replaced. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** Runs one statement on a short-lived plain `pg` connection (CREATE/DROP DATABASE). */
export async function adminQuery(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

// PrismaPg's result mapping rejects pg_catalog's internal "char" type (OID 18), which the
// engine's PostgreSQL describer selects (relkind, contype, ...): "Column type 'char' could not
// be deserialized from the database." The value is already a one-character string, so these
// clients simply report it as text (OID 25).
const CATALOG_AS_TEXT = new Set([18]);
function relabel(res: pg.QueryResult | undefined): void {
  for (const f of res?.fields ?? []) if (CATALOG_AS_TEXT.has(f.dataTypeID)) f.dataTypeID = 25;
  if (res) dropNotNullConstraints(res);
}

// PostgreSQL 18 records every NOT NULL as a constraint in pg_constraint (contype 'n'), and this
// engine's describer panics on a constraint type it does not know ("Getting constraint_type from
// ResultRow … 'n'"), so a drift check against the embedded PostgreSQL 18 crashed. NOT NULL is
// described from pg_attribute.attnotnull as before, so those rows carry nothing the engine lacks:
// they are removed from the describer's constraint listing.
function dropNotNullConstraints(res: pg.QueryResult): void {
  // A multi-statement script answers an array of results, without fields of its own.
  if (!Array.isArray(res.fields) || !Array.isArray(res.rows)) return;
  const column = res.fields.findIndex((f) => f.name === "constraint_type");
  if (column < 0) return;
  const typeOf = (row: unknown) =>
    Array.isArray(row) ? row[column] : (row as Record<string, unknown> | null)?.constraint_type;
  const kept = res.rows.filter((row) => typeOf(row) !== "n");
  if (kept.length === res.rows.length) return;
  res.rows = kept;
  res.rowCount = kept.length;
}
class CatalogTextClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      // pg.Pool#query calls the client in callback form; a checked-out client (transactions)
      // is called in promise form. Relabel the result in both.
      const last = args.at(-1);
      if (typeof last === "function") {
        args[args.length - 1] = (err: unknown, res: pg.QueryResult) => {
          relabel(res);
          last(err, res);
        };
        return query(...args);
      }
      const out = query(...args);
      if (!(out instanceof Promise)) return out; // Submittable: not used by the adapter
      return out.then((res: pg.QueryResult) => {
        relabel(res);
        return res;
      });
    }) as typeof this.query;
  }
}

type Closer = () => Promise<void>;

async function connectAdapter(connectionString: string, closers: Closer[]): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool({ connectionString, Client: CatalogTextClient });
  const adapter = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
  // PrismaPg's executeScript splits on every ";" (breaking any ";" inside a string or function
  // body) and runs the pieces one by one. Send the script whole instead, as the native engine
  // does: one simple-protocol query, which PostgreSQL runs as one implicit transaction.
  const raise = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script) => {
    await pool.query(script).catch(raise);
  };
  // The engine never disposes what it connects (free() leaves the pool open), so we do.
  closers.push(() => adapter.dispose());
  return adapter;
}

// PrismaPg's own connectToShadowDb spreads `{ ...config, database }`, but pg lets a
// connectionString override `database`, so with a URL it would use the *main* database as the
// shadow. Ours creates `rb_mig_shadow_*` on the same server and drops it on dispose.
function adapterFactory(connectionString: string, closers: Closer[]): SqlMigrationAwareDriverAdapterFactory {
  const { provider, adapterName } = new PrismaPg({ connectionString }); // opens nothing
  return {
    provider,
    adapterName,
    connect: () => connectAdapter(connectionString, closers),
    async connectToShadowDb(): Promise<SqlDriverAdapter> {
      const name = `rb_mig_shadow_${randomUUID().replaceAll("-", "")}`;
      await adminQuery(connectionString, `CREATE DATABASE "${name}"`);
      const adapter = await connectAdapter(withDatabase(connectionString, name), closers);
      const dispose = adapter.dispose.bind(adapter);
      let dropped = false;
      adapter.dispose = async () => {
        await dispose();
        if (dropped) return;
        dropped = true;
        await adminQuery(connectionString, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      };
      return adapter;
    },
  };
}

export interface Engine {
  engine: SchemaEngine;
  /** Frees the wasm engine and closes every pool (and shadow database) it opened. */
  close(): Promise<void>;
}

/** Schema engine bound to `connectionString` (used for the database and as shadow-DB server). */
export async function openEngine(
  connectionString: string,
  schema: { path: string; content: string },
  log?: Log,
): Promise<Engine> {
  await loadWasm();
  // The engine reports JSON log lines through this callback; they are noise unless asked for.
  const onLog = (line: unknown) => log?.(String(line));
  const closers: Closer[] = [];
  const adapter = bindMigrationAwareSqlAdapterFactory(adapterFactory(connectionString, closers));
  const closeAll = async () => void (await Promise.allSettled(closers.splice(0).map((c) => c())));
  const engine = await bg.SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, onLog, adapter).catch(
    async (err: unknown) => {
      await closeAll();
      throw err;
    },
  );
  return {
    engine,
    async close() {
      engine.free();
      await closeAll();
    },
  };
}
