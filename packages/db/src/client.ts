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

/** The `pg` pool under a client made by `createPrismaClient` (its size, idle and waiting counts for metrics). */
export function poolOf(prisma: PrismaClient): pg.Pool | undefined {
  return pools.get(prisma);
}

/**
 * Sends statements straight to the `pg` pool under a client made by `createPrismaClient`, skipping
 * Prisma's query pipeline: measured at 130–310 µs per statement on the hot paths (docs/bench/
 * findings.md). The SQL is the same `Prisma.sql` text; rows come back as `pg` parses them (Date for
 * timestamptz, objects for jsonb, numbers for int4 — the same as `$queryRaw` for the types the
 * run service selects). Other clients (an extended one, say) go through `$queryRaw`.
 */
export function sqlRunnerFor(prisma: PrismaClient): SqlRunner {
  const pool = pools.get(prisma);
  if (!pool) return (statement) => prisma.$queryRaw(statement);
  return async <Row>(statement: Prisma.Sql) => {
    const result = await pool.query(statement.text, statement.values as unknown[]);
    return result.rows as Row[];
  };
}
