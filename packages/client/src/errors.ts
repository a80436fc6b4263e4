import type { AppRouter } from "@runboard/api";
import type { Run, ValidationDetail } from "@runboard/contract";
import { TRPCClientError } from "@trpc/client";

/** The error's `data`, typed from the router's errorFormatter (code, httpStatus, detail, current). */
function dataOf(error: unknown) {
  return error instanceof TRPCClientError ? (error as TRPCClientError<AppRouter>).data : undefined;
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
  return dataOf(error)?.code === "NOT_FOUND";
}

/**
 * When `run.modify` was refused because the run is no longer at `expected_version` (CONFLICT):
 * the run as it is now, to show or to re-apply the change on (with its `version`). Otherwise null.
 */
export function versionConflictOf(error: unknown): Run | null {
  const data = dataOf(error);
  return data?.code === "CONFLICT" && data.current ? data.current : null;
}
