"use client";

import type { Run } from "@runboard/contract";
import { trpc } from "../trpc/react";

/**
 * The run as the page knows it now: one cache entry shared by the details, the editor and the
 * history, seeded with the server-rendered run. It is never refetched just for being old; live
 * updates (LiveRunDetails) and saves (the editor's setData) keep it current.
 */
export function useRun(initial: Run) {
  return trpc.run.get.useQuery(
    { thread_id: initial.thread_id, run_id: initial.id },
    { initialData: initial, staleTime: Number.POSITIVE_INFINITY },
  );
}
