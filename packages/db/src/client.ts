import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { type Prisma, PrismaClient } from "./generated/prisma/client.ts";

export { Prisma, PrismaClient } from "./generated/prisma/client.ts";

export interface PrismaClientOptions {
  /** Pool size; the default suits a 2-core machine serving one app instance. */
  maxConnections?: number;
  onPoolError?: (error: Error) => void;
}

/** Runs one `Prisma.sql` statement and returns its rows. */
export type SqlRunner = <Row>(statement: Prisma.Sql) => Promise<Row[]>;

const pools = new WeakMap<PrismaClient, pg.Pool>();

/**
 * A Prisma client over its own `pg` pool (Prisma 7 is Rust-free: the driver adapter does the I/O).
 * `$disconnect()` ends the pool too.
 */
export function createPrismaClient(connectionString: string, options: PrismaClientOptions = {}): PrismaClient {
  const pool = new pg.Pool({
    connectionString,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on("error", (error) => options.onPoolError?.(error));
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({ adapter });
  pools.set(client, pool);
  return client;
}

const PREPARED_NAME = Symbol("runboard.preparedName");

/**
 * Marks a statement whose text never changes (only its parameters do) to be sent as a named
 * prepared statement: each pool connection parses and plans it once (PostgreSQL then reuses the
 * plan), instead of on every call. Measured on the modify statement: parsing and planning its
 * CTE cost ~0.5–0.7 ms of database CPU per call, more than the writes (docs/bench/findings.md).
 * `name` must be unique per statement text; the runner adds a hash of the text, so two texts can
 * never share a name. Only for statements whose best plan does not depend on the values.
 */
export function prepared(name: string, statement: Prisma.Sql): Prisma.Sql {
  Object.defineProperty(statement, PREPARED_NAME, { value: name, enumerable: false, configurable: true });
  return statement;
}

const preparedNames = new Map<string, string>();

function preparedNameOf(statement: Prisma.Sql): string | undefined {
  const name = (statement as unknown as Record<symbol, string | undefined>)[PREPARED_NAME];
  if (name === undefined) return undefined;
  const key = `${name}\u0000${statement.text}`;
  let full = preparedNames.get(key);
  if (full === undefined) {
    full = `${name}_${createHash("sha1").update(statement.text).digest("hex").slice(0, 12)}`;
    preparedNames.set(key, full);
  }
  return full;
}

/** The `pg` pool under a client made by `createPrismaClient` (its size, idle and waiting counts for metrics). */
export function poolOf(prisma: PrismaClient): pg.Pool | undefined {
  return pools.get(prisma);
}

/**
 * Sends statements straight to the `pg` pool under a client made by `createPrismaClient`, skipping
 * Prisma's query pipeline: measured at 130–310 µs per statement on the hot paths (docs/bench/
 * findings.md). The SQL is the same `Prisma.sql` text; rows come back as `pg` parses them (Date for
 * timestamptz, objects for jsonb, numbers for int4 — the same as `$queryRaw` for the types the
 * run service selects). A statement marked with `prepared()` is sent as a named prepared
 * statement. Other clients (an extended one, say) go through `$queryRaw`.
 */
export function sqlRunnerFor(prisma: PrismaClient): SqlRunner {
  const pool = pools.get(prisma);
  if (!pool) return (statement) => prisma.$queryRaw(statement);
  return async <Row>(statement: Prisma.Sql) => {
    const name = preparedNameOf(statement);
    const values = statement.values as unknown[];
    const result = await (name === undefined
      ? pool.query(statement.text, values)
      : pool.query({ name, text: statement.text, values }));
    return result.rows as Row[];
  };
}
