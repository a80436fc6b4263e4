import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client.ts";

export { Prisma, PrismaClient } from "./generated/prisma/client.ts";

export interface PrismaClientOptions {
  /** Pool size; the default suits a 2-core machine serving one app instance. */
  maxConnections?: number;
  onPoolError?: (error: Error) => void;
}

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
  return new PrismaClient({ adapter });
}
