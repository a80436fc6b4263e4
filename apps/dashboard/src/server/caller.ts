import { type PageRequest, resolvePageRequest } from "@runboard/api/pages";
import type { Principal } from "@runboard/contract";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

/**
 * Server components call the router in-process, as the operator whose request they render. The
 * Runboard server (apps/server) owns the database pool and the sign-in check and hands them over
 * (@runboard/api/pages) before Next starts, so pages and API share one pool and one rule. Cached
 * per request: the layout, the page and its metadata share one session check.
 */
export const currentRequest = cache(async (): Promise<PageRequest> => {
  // Reading the request's headers first makes every page that asks render per request.
  return resolvePageRequest(new Headers(await headers()));
});

/** The signed-in operator and their caller; not signed in goes to the sign-in page. */
export async function requireOperator(next: string): Promise<{ principal: Principal; caller: PageRequest["caller"] }> {
  const { principal, caller } = await currentRequest();
  if (!principal) redirect(`/sign-in?next=${encodeURIComponent(next)}`);
  return { principal, caller };
}
