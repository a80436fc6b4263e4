import {
  type Actor,
  ANONYMOUS_ACTOR,
  type Run,
  type Surface,
  toValidationDetail,
  type ValidationDetail,
} from "@runboard/contract";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { RunboardValidationError, RunNotFoundError, RunVersionConflictError } from "./errors.ts";
import { noRunChanges, type RunChangeSource } from "./live/changes.ts";
import type { RunService } from "./run/service.ts";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "./unavailable.ts";

export interface Context {
  runService: RunService;
  runChanges: RunChangeSource;
  /** Who is calling; recorded with every change they make. Anonymous until sign-in exists. */
  actor: Actor;
  /** The surface the call came through, recorded with every change: `trpc` unless told. */
  surface: Surface;
}

/** Builds the per-request context; the service and the change feed are shared by all requests. */
export function createTRPCContext(deps: {
  runService: RunService;
  runChanges?: RunChangeSource;
  actor?: Actor;
  surface?: Surface;
}): Context {
  return {
    runService: deps.runService,
    runChanges: deps.runChanges ?? noRunChanges,
    actor: deps.actor ?? ANONYMOUS_ACTOR,
    surface: deps.surface ?? "trpc",
  };
}

/** The 422 `detail` carried by a validation failure's cause, or null for any other error. */
export function validationDetail(cause: unknown): ValidationDetail[] | null {
  if (cause instanceof RunboardValidationError) return cause.detail;
  // tRPC wraps the input schema's failure; its issues are about the input object.
  if (cause instanceof ZodError) return toValidationDetail(cause.issues, ["body"]);
  return null;
}

const t = initTRPC.context<Context>().create({
  // Pings keep proxies from closing idle event streams; clients reconnect after silence.
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 45_000 } },
  // Plain JSON on purpose: a Run is the same wire shape over tRPC as over REST.
  errorFormatter({ shape, error }) {
    const detail = validationDetail(error.cause);
    // A CONFLICT carries the run as it is now, so the caller can show it and re-apply its edit.
    const current: Run | undefined = error.cause instanceof RunVersionConflictError ? error.cause.current : undefined;
    // Stack traces are for the server's log, never for clients.
    const { stack: _stack, ...data } = shape.data;
    return { ...shape, data: { ...data, detail: detail ?? undefined, current } };
  },
});

/** Domain errors are values with names; this is the one place they become tRPC codes. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof RunNotFoundError) {
    throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
  }
  if (cause instanceof RunVersionConflictError) {
    throw new TRPCError({ code: "CONFLICT", message: cause.message, cause });
  }
  if (isDatabaseUnavailable(cause)) {
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, cause });
  }
  const detail = validationDetail(cause);
  if (detail) {
    const message = detail.map((d) => `${d.loc.join(".")}: ${d.msg}`).join("; ");
    throw new TRPCError({ code: "UNPROCESSABLE_CONTENT", message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapDomainErrors);
