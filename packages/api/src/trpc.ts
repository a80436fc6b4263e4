import {
  type Actor,
  ANONYMOUS_ACTOR,
  type Permission,
  type Principal,
  type Run,
  type Surface,
  toValidationDetail,
  type ValidationDetail,
} from "@runboard/contract";
import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import type { AccountService } from "./auth/accounts.ts";
import { actorOf, authorize } from "./auth/authorize.ts";
import {
  AccountError,
  AuthenticationRequiredError,
  PermissionDeniedError,
  RunboardValidationError,
  RunNotFoundError,
  RunVersionConflictError,
} from "./errors.ts";
import { noRunChanges, type RunChangeSource } from "./live/changes.ts";
import type { RunService } from "./run/service.ts";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "./unavailable.ts";

export interface Context {
  runService: RunService;
  runChanges: RunChangeSource;
  /** Who is calling (a signed-in operator or an API key), or null: every procedure then answers UNAUTHORIZED. */
  principal: Principal | null;
  /** The caller as recorded with every change they make. */
  actor: Actor;
  /** Users and API keys (admin procedures); absent where no auth is configured. */
  accounts?: AccountService;
  /** The surface the call came through, recorded with every change: `trpc` unless told. */
  surface: Surface;
}

/** Builds the per-request context; the service and the change feed are shared by all requests. */
export function createTRPCContext(deps: {
  runService: RunService;
  runChanges?: RunChangeSource;
  principal: Principal | null;
  accounts?: AccountService;
  surface?: Surface;
}): Context {
  return {
    runService: deps.runService,
    runChanges: deps.runChanges ?? noRunChanges,
    principal: deps.principal,
    actor: deps.principal ? actorOf(deps.principal) : ANONYMOUS_ACTOR,
    accounts: deps.accounts,
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

/** Every procedure declares the permission it needs (read by the auth middleware and the auth tests). */
export interface ProcedureMeta {
  permission: Permission;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
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

/** The tRPC error for "the database cannot be reached right now", wherever a call finds it. */
export function databaseUnavailableError(cause: unknown): TRPCError {
  return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE_MESSAGE, cause });
}

/** Domain errors are values with names; this is the one place they become tRPC codes. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  if (cause instanceof AuthenticationRequiredError) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: cause.message, cause });
  }
  if (cause instanceof PermissionDeniedError) {
    throw new TRPCError({ code: "FORBIDDEN", message: cause.message, cause });
  }
  if (cause instanceof AccountError) {
    const code = cause.code === "not_found" ? "NOT_FOUND" : cause.code === "conflict" ? "CONFLICT" : "BAD_REQUEST";
    throw new TRPCError({ code, message: cause.message, cause });
  }
  if (cause instanceof RunNotFoundError) {
    throw new TRPCError({ code: "NOT_FOUND", message: cause.message, cause });
  }
  if (cause instanceof RunVersionConflictError) {
    throw new TRPCError({ code: "CONFLICT", message: cause.message, cause });
  }
  if (isDatabaseUnavailable(cause)) throw databaseUnavailableError(cause);
  const detail = validationDetail(cause);
  if (detail) {
    const message = detail.map((d) => `${d.loc.join(".")}: ${d.msg}`).join("; ");
    throw new TRPCError({ code: "UNPROCESSABLE_CONTENT", message, cause });
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Checks the caller against the procedure's declared permission before anything else runs. */
const requirePermission = t.middleware(({ ctx, meta, next }) => {
  // A procedure without a permission is refused outright: nothing is public by omission.
  const principal = authorize(ctx.principal, meta?.permission ?? "admin");
  return next({ ctx: { ...ctx, principal } });
});

const withPermission = (permission: Permission) =>
  t.procedure.meta({ permission }).use(mapDomainErrors).use(requirePermission);

/** Any signed-in operator or any API key: reads. */
export const viewerProcedure = withPermission("runs:read");
/** Editors, admins and `read_write` keys: metadata changes. */
export const editorProcedure = withPermission("runs:write");
/** Admins only: users and API keys. */
export const adminProcedure = withPermission("admin");
