"use client";

import { useDeferredValue } from "react";
import { parseMetaPair } from "../lib/run-filters";
import { trpc } from "../trpc/react";

/**
 * What the metadata filter box can offer for what is typed: keys (`key=`) until there is an `=`,
 * then the values stored for that key (`key=value`), from the entries runs really have.
 */
export function useMetadataSuggestions(typed: string): string[] {
  const text = useDeferredValue(typed);
  const pair = text.includes("=") ? parseMetaPair(text) : null;
  const keys = trpc.run.metadataKeys.useQuery(
    { prefix: text.trim(), limit: 20 },
    { enabled: pair === null && text.length <= 64, staleTime: 30_000 },
  );
  const values = trpc.run.metadataValues.useQuery(
    { key: pair?.[0] ?? "", prefix: pair?.[1] ?? "", limit: 20 },
    {
      enabled: pair !== null && pair[0].length > 0 && pair[0].length <= 64 && pair[1].length <= 512,
      staleTime: 30_000,
    },
  );
  if (pair) return (values.data?.data ?? []).map((value) => `${pair[0]}=${value}`);
  return (keys.data?.data ?? []).map((key) => `${key}=`);
}
