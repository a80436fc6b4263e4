import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import { type AppRouter, TRPC_MAX_BATCH_SIZE } from "./generated/router.ts";

export interface RunboardClientOptions {
  /** The Runboard server's base URL, e.g. `http://127.0.0.1:3000`; the router is at `/api/trpc`. */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** A fetch implementation to use instead of the global one (tests, proxies, custom agents). */
  fetch?: typeof globalThis.fetch;
}

/** `client.run.get.query(…)`, `client.run.list.query(…)`, `client.run.modify.mutate(…)`, fully typed. */
export type RunboardClient = TRPCClient<AppRouter>;

/**
 * A typed client for Runboard's tRPC router. Calls made in the same tick share one HTTP request
 * (batching); inputs and outputs are the plain-JSON wire shape, so no transformer is configured.
 */
export function createRunboardClient(options: RunboardClientOptions): RunboardClient {
  const base = options.url.replace(/\/+$/, "");
  const authorization = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : undefined;
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${base}/api/trpc`,
        // The server refuses longer batches; more calls in one tick go in several requests.
        maxItems: TRPC_MAX_BATCH_SIZE,
        headers: () => authorization ?? {},
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  });
}
