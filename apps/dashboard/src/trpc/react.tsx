"use client";

import type { AppRouter } from "@runboard/api";
import { httpStatusOf } from "@runboard/client";
import { SURFACE_HEADER, TRPC_MAX_BATCH_SIZE } from "@runboard/contract";
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCReact } from "@trpc/react-query";
import { type ReactNode, useState } from "react";

export const trpc = createTRPCReact<AppRouter>();

export function TRPCProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        // A session that ended (signed out elsewhere, expired) sends the operator to sign in again.
        queryCache: new QueryCache({ onError: toSignInIfSignedOut }),
        mutationCache: new MutationCache({ onError: toSignInIfSignedOut }),
        defaultOptions: {
          // A validation error will not fix itself; only network/server trouble is worth one retry.
          queries: {
            retry: (count, error) => count < 1 && !isClientError(error),
            staleTime: 5_000,
            // Structural sharing copies objects key by key, and a copied "__proto__" key (an ordinary
            // metadata key) would vanish: new data replaces the old as it arrived.
            structuralSharing: false,
          },
        },
      }),
  );
  const [client] = useState(() =>
    trpc.createClient({
      links: [
        // Live updates arrive as server-sent events; everything else is batched HTTP.
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ url: "/api/trpc" }),
          // The header makes the history record dashboard edits as such, not as plain tRPC calls.
          false: httpBatchLink({
            url: "/api/trpc",
            headers: { [SURFACE_HEADER]: "dashboard" },
            // The server refuses longer batches.
            maxItems: TRPC_MAX_BATCH_SIZE,
          }),
        }),
      ],
    }),
  );
  return (
    <trpc.Provider client={client} queryClient={queryClient}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </trpc.Provider>
  );
}

function toSignInIfSignedOut(error: unknown) {
  if (httpStatusOf(error) === 401) {
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
}

function isClientError(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== null && status >= 400 && status < 500;
}
