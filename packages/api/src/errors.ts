import type { ValidationDetail } from "@runboard/contract";

/** Bad input the client can fix; every surface answers 422 with `detail`. */
export class RunboardValidationError extends Error {
  override name = "RunboardValidationError";
  constructor(readonly detail: ValidationDetail[]) {
    super(detail.map((d) => `${d.loc.join(".")}: ${d.msg}`).join("; "));
  }
}

/** The merged metadata would break a limit (the patch alone was valid). */
export class MetadataLimitError extends RunboardValidationError {
  override name = "MetadataLimitError";
}

/** `after`/`before` named a run that is not in the list being paged. */
export class InvalidCursorError extends RunboardValidationError {
  override name = "InvalidCursorError";
}

/** No run with this id under this thread (a run under another thread is just as absent). */
export class RunNotFoundError extends Error {
  override name = "RunNotFoundError";
  constructor(
    readonly threadId: string,
    readonly runId: string,
  ) {
    super(`No run found with id '${runId}' in thread '${threadId}'.`);
  }
}
