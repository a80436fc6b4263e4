import type { LookupIdResult } from "@runboard/contract";

/** Where an id's page is: a run's own page, or the runs list filtered by the thread or assistant. */
export function pathOfLookup(found: LookupIdResult): string | null {
  switch (found.kind) {
    case "run":
      return `/threads/${encodeURIComponent(found.thread_id)}/runs/${encodeURIComponent(found.run_id)}`;
    case "thread":
      return `/?thread=${encodeURIComponent(found.thread_id)}`;
    case "assistant":
      return `/?assistant=${encodeURIComponent(found.assistant_id)}`;
    case "none":
      return null;
  }
}
