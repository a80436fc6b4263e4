import { runChangeSchema, runChangesInputSchema } from "@runboard/contract";
import { AuthenticationRequiredError } from "../errors.ts";
import { watchAccess } from "./access-watch.ts";
import { subscription } from "./define.ts";

const PERMISSION = "runs:read";

export const runChanges = subscription({
  description:
    "Server-sent events: every change to the runs a page shows (all runs without a filter); the stream " +
    "ends when the caller's key is revoked or their session ends.",
  permission: PERMISSION,
  input: runChangesInputSchema,
  output: runChangeSchema,
  async *handler({ ctx, input, signal }) {
    // Checked at open like every call, and again while the stream lasts.
    const ended = new AbortController();
    const stopWatching = ctx.access ? watchAccess(ctx.access, PERMISSION, ended) : () => {};
    const stop = signal ? AbortSignal.any([signal, ended.signal]) : ended.signal;
    try {
      for await (const change of ctx.runChanges.changes(stop)) {
        if (input?.thread_id && change.thread_id !== input.thread_id) continue;
        if (input?.run_id && change.run_id !== input.run_id) continue;
        yield change;
      }
    } finally {
      stopWatching();
    }
    // Access ended (not the client leaving): the client is told so, as a new call would be.
    if (ended.signal.aborted && !signal?.aborted) {
      throw new AuthenticationRequiredError(
        "Your access ended (API key revoked or signed out); this stream is closed.",
      );
    }
  },
});
