"use client";

import type { RunChange } from "@runboard/api";
import { useEffect, useRef } from "react";
import { trpc } from "../trpc/react";

/**
 * Calls `onChange` for every change to the matching runs, from any operator, service, import or
 * app instance (PostgreSQL NOTIFY → server-sent events). Bursts are coalesced so an import of
 * thousands of runs costs a page a few refetches, not thousands.
 */
export function useRunChanges(
  filter: { thread_id?: string; run_id?: string } | undefined,
  onChange: (changes: RunChange[]) => void,
  coalesceMs = 150,
) {
  const pending = useRef<RunChange[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const callback = useRef(onChange);
  callback.current = onChange;

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  trpc.live.runChanges.useSubscription(filter, {
    onData(change) {
      pending.current.push(change);
      timer.current ??= setTimeout(() => {
        timer.current = null;
        const batch = pending.current;
        pending.current = [];
        callback.current(batch);
      }, coalesceMs);
    },
  });
}
