import { runChangeSchema, runChangesInputSchema } from "@runboard/contract";
import { subscription } from "./define.ts";

export const runChanges = subscription({
  description: "Server-sent events: every change to the runs a page shows (all runs without a filter).",
  permission: "runs:read",
  input: runChangesInputSchema,
  output: runChangeSchema,
  async *handler({ ctx, input, signal }) {
    for await (const change of ctx.runChanges.changes(signal)) {
      if (input?.thread_id && change.thread_id !== input.thread_id) continue;
      if (input?.run_id && change.run_id !== input.run_id) continue;
      yield change;
    }
  },
});
