"use client";

import type { Run } from "@runboard/contract";
import { RunDetails } from "./run-details";
import { useRun } from "./use-run";
import { useRunChanges } from "./use-run-changes";

/** The run's fields, kept current: a change made anywhere shows here without a reload. */
export function LiveRunDetails({ run: initial }: { run: Run }) {
  const ref = { thread_id: initial.thread_id, run_id: initial.id };
  const query = useRun(initial);
  useRunChanges(ref, () => void query.refetch());
  return <RunDetails run={query.data ?? initial} />;
}
