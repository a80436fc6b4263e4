import type { createCaller } from "@runboard/api";

type Caller = ReturnType<typeof createCaller>;

/**
 * Server components call the router in-process. The Runboard server (apps/server) owns the
 * database pool and hands its caller over through this global before Next starts, so pages and
 * API share one pool instead of Next opening a second one.
 */
export function serverCaller(): Caller {
  const caller = (globalThis as { __runboardCaller?: Caller }).__runboardCaller;
  if (!caller) throw new Error("The dashboard must be served by apps/server (the Runboard server).");
  return caller;
}

/** tRPC's NOT_FOUND, recognised by code: Next bundles its own copy of @trpc/server. */
export function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "NOT_FOUND";
}
