import type { Run, ValidationDetail } from "@runboard/contract";

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

/**
 * The run is no longer at the version the caller read (optimistic concurrency): nothing was
 * changed. `current` is the run as it is now, so the caller can show it and re-apply its edit.
 */
export class RunVersionConflictError extends Error {
  override name = "RunVersionConflictError";
  constructor(
    readonly current: Run,
    /** The versions the caller would have accepted (one for `expected_version`; If-Match may list several). */
    readonly expected: readonly number[],
  ) {
    const wanted =
      expected.length === 0
        ? "none of the versions the request named"
        : expected.length === 1
          ? `not version ${expected[0]}`
          : `not one of versions ${expected.join(", ")}`;
    super(
      `Run '${current.id}' was changed after you read it: it is at version ${current.version}, ${wanted}. ` +
        "Nothing was saved; read the run again and re-apply your change.",
    );
  }
}

/** The call carries no valid credentials (no session, or a Bearer key that is unknown or revoked). */
export class AuthenticationRequiredError extends Error {
  override name = "AuthenticationRequiredError";
  constructor(message = "Authentication required: sign in, or send an API key as 'Authorization: Bearer <key>'.") {
    super(message);
  }
}

/** The caller is known but its role or key scope does not allow this call. */
export class PermissionDeniedError extends Error {
  override name = "PermissionDeniedError";
  constructor(readonly permission: string) {
    super(`You don't have access: this needs the '${permission}' permission, which your role or key scope lacks.`);
  }
}

/** An admin action named a user or key that does not exist, or broke a rule (e.g. a taken email). */
export class AccountError extends Error {
  override name = "AccountError";
  constructor(
    message: string,
    readonly code: "not_found" | "conflict" | "invalid",
  ) {
    super(message);
  }
}
