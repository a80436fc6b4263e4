import type { createCaller } from "@runboard/api";
import type { Principal } from "@runboard/contract";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

type Caller = ReturnType<typeof createCaller>;
type ResolveRequest = (headers: Headers) => Promise<{ principal: Principal | null; caller: Caller }>;

/**
 * Server components call the router in-process, as the operator whose request they render. The
 * Runboard server (apps/server) owns the database pool and the sign-in check and hands them over
 * through this global before Next starts, so pages and API share one pool and one rule. Cached
 * per request: the layout, the page and its metadata share one session check.
 */
export const currentRequest = cache(async (): Promise<{ principal: Principal | null; caller: Caller }> => {
  // Reading the request's headers first makes every page that asks render per request.
  const requestHeaders = new Headers(await headers());
  const resolve = (globalThis as { __runboardResolve?: ResolveRequest }).__runboardResolve;
  if (!resolve) throw new Error("The dashboard must be served by apps/server (the Runboard server).");
  return resolve(requestHeaders);
});

/** The signed-in operator and their caller; not signed in goes to the sign-in page. */
export async function requireOperator(next: string): Promise<{ principal: Principal; caller: Caller }> {
  const { principal, caller } = await currentRequest();
  if (!principal) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return { principal, caller };
}

/** tRPC's NOT_FOUND, recognised by code: Next bundles its own copy of @trpc/server. */
export function isNotFound(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "NOT_FOUND";
}
