import type { Permission, Run } from "@runboard/contract";
import { initTRPC } from "@trpc/server";
import { validationDetail } from "../error-table.ts";
import { RunVersionConflictError } from "../errors.ts";
import type { Context } from "../operations/context.ts";

/** Every procedure carries its operation's permission (read by the auth tests). */
export interface ProcedureMeta {
  permission: Permission;
}

export const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Pings keep proxies from closing idle event streams; clients reconnect after silence.
    sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 45_000 } },
    // Plain JSON on purpose: a Run is the same wire shape over tRPC as over REST.
    errorFormatter({ shape, error, ctx }) {
      const detail = validationDetail(error.cause);
      // A CONFLICT carries the run as it is now, so the caller can show it and re-apply its edit.
      const current: Run | undefined = error.cause instanceof RunVersionConflictError ? error.cause.current : undefined;
      // Stack traces are for the server's log, never for clients.
      const { stack: _stack, ...data } = shape.data;
      // A 5xx names the request (its X-Request-Id and log line), so a report of it can be found.
      const requestId = data.httpStatus >= 500 ? ctx?.requestId : undefined;
      return { ...shape, data: { ...data, detail: detail ?? undefined, current, requestId } };
    },
  });
