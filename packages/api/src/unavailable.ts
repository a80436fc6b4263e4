// Failures that mean "the database cannot be reached right now", as opposed to a bug or bad input.
// The pg pool opens fresh connections on the next query, so these heal by themselves once
// PostgreSQL is back; clients get a 503 that says so instead of a 500.

const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "DatabaseDoesNotExist",
]);
// Connection failures and administrator shutdown/starting up (class 08, 57P01–57P03).
const SQLSTATES = /^(08\d{3}|57P0[123])$/;
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH"]);

export const DATABASE_UNAVAILABLE_MESSAGE =
  "The database is unavailable right now. Runboard reconnects by itself; retry in a few seconds.";

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * The SQLSTATE and message PostgreSQL gave, from either shape a failure arrives in: Prisma's driver
 * adapter error, or a `pg` error (statements sent straight to the pool). Null for anything else.
 */
export function postgresErrorOf(error: unknown): { code: string; message: string } | null {
  if (typeof error !== "object" || error === null) return null;
  const e = error as {
    code?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown } } };
  };
  const adapter = e.meta?.driverAdapterError?.cause;
  if (typeof adapter?.originalCode === "string") {
    return { code: adapter.originalCode, message: String(adapter.originalMessage ?? "") };
  }
  // pg's DatabaseError carries the server's severity; Node's own errors (EPIPE, …) do not.
  if (typeof e.code === "string" && SQLSTATE.test(e.code) && "severity" in e) {
    return { code: e.code, message: String(e.message ?? "") };
  }
  return null;
}

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const e = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: { kind?: string; originalCode?: string } } };
  };
  const adapter = e.meta?.driverAdapterError?.cause;
  if (adapter?.kind && ADAPTER_KINDS.has(adapter.kind)) return true;
  if (adapter?.originalCode && SQLSTATES.test(adapter.originalCode)) return true;
  if (typeof e.code === "string" && (NODE_CODES.has(e.code) || SQLSTATES.test(e.code))) return true;
  if (
    typeof e.message === "string" &&
    /timeout exceeded when trying to connect|Connection terminated/i.test(e.message)
  ) {
    return true;
  }
  return isDatabaseUnavailable(e.cause, depth + 1);
}
