import type { TRPCClientError } from "@trpc/client";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import type { AppRouter, Run, ValidationDetail } from "./generated/router.ts";

// Errors are read by their shape, never with instanceof: a bundler (Next compiles the dashboard
// with its own copies of @trpc/client and @trpc/server) may load another copy of the class than
// the one that threw.

type ErrorData = Partial<NonNullable<TRPCClientError<AppRouter>["data"]>>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** The error's `data` from a call over HTTP, typed from the router's errorFormatter (code, httpStatus, detail, current). */
function dataOf(error: unknown): ErrorData | undefined {
  return isObject(error) && isObject(error.data) ? (error.data as ErrorData) : undefined;
}

/**
 * tRPC's code for a failed call (`NOT_FOUND`, `CONFLICT`, …): from a call over HTTP, or from a
 * router caller in the same process (which throws a TRPCError). Null for anything else.
 */
export function trpcErrorCodeOf(error: unknown): TRPC_ERROR_CODE_KEY | null {
  const code = dataOf(error)?.code;
  if (typeof code === "string") return code;
  if (isObject(error) && error.name === "TRPCError" && typeof error.code === "string") {
    return error.code as TRPC_ERROR_CODE_KEY;
  }
  return null;
}

/** The HTTP status a call over HTTP was answered with (401, 422, …), or null when it has none. */
export function httpStatusOf(error: unknown): number | null {
  const status = dataOf(error)?.httpStatus;
  return typeof status === "number" ? status : null;
}

/**
 * The 422 `detail` array of a rejected call (one item per offending field, with `loc` such as
 * `["body","metadata","<key>"]`), or null when the error is not a validation failure.
 */
export function validationDetailOf(error: unknown): ValidationDetail[] | null {
  const data = dataOf(error);
  return data?.httpStatus === 422 && Array.isArray(data.detail) ? data.detail : null;
}

/** True when the run (or the run under that thread) does not exist. */
export function isNotFoundError(error: unknown): boolean {
  return trpcErrorCodeOf(error) === "NOT_FOUND";
}

/**
 * When `run.modify` was refused because the run is no longer at `expected_version` (CONFLICT):
 * the run as it is now, to show or to re-apply the change on (with its `version`). Otherwise null.
 */
export function versionConflictOf(error: unknown): Run | null {
  const data = dataOf(error);
  return data?.code === "CONFLICT" && data.current ? data.current : null;
}
