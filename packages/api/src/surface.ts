import type { Surface } from "@runboard/contract";

// Only surfaces that really reach the router over HTTP may be claimed; anything else (a typo, or
// "import", which only the CLI writes) is recorded as plain `trpc`. The header is a label for the
// history, not a permission: nothing is allowed or refused because of it.
const CLAIMABLE: readonly Surface[] = ["trpc", "dashboard"];

/** The surface to record for a tRPC request, from its `x-runboard-surface` header. */
export function trpcSurfaceFrom(header: string | string[] | undefined): Surface {
  const value = (Array.isArray(header) ? header[0] : header)?.trim().toLowerCase();
  return CLAIMABLE.find((surface) => surface === value) ?? "trpc";
}
