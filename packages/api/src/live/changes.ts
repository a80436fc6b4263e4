import type { runChangeSchema } from "@runboard/contract";
import type { z } from "zod";

/** The PostgreSQL NOTIFY channel (also named in the run_change_notify migrations). */
export const RUN_CHANGES_CHANNEL = "runboard_run_changes";

/**
 * A run was created or its status/metadata changed: announced by the run service's change sink
 * (store/changes.ts), or by the runs_notify_* triggers for writes made with plain SQL.
 */
export type RunChange = z.infer<typeof runChangeSchema>;

/** Where live changes come from; the server backs it with PostgreSQL LISTEN/NOTIFY. */
export interface RunChangeSource {
  changes(signal: AbortSignal | undefined): AsyncIterable<RunChange>;
}

/** For processes that serve no subscriptions (CLI, tests of other procedures). */
export const noRunChanges: RunChangeSource = {
  async *changes() {},
};
