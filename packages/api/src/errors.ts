import type { Run, ValidationDetail } from "@runboard/contract";
import { DATABASE_UNAVAILABLE_MESSAGE } from "./unavailable.ts";

/**
 * Every domain error's name. Each class below sets `name` to one of these, and the error table
 * (`./error-table.ts`) needs a row for each: a new error class without a row is a type error.
 */
export type DomainErrorName =
  | "RunboardValidationError"
  | "MetadataLimitError"
  | "InvalidCursorError"
  | "RunNotFoundError"
  | "RunVersionConflictError"
  | "AuthenticationRequiredError"
  | "PermissionDeniedError"
  | "AccountNotFoundError"
  | "AccountConflictError"
  | "SavedViewNotFoundError"
  | "SavedViewConflictError"
  | "DatabaseUnavailableError";

/** A failure with a name: mapped once (the error table) to every surface's code and status. */
export abstract class DomainError extends Error {
  abstract override readonly name: DomainErrorName;
}

/** Bad input the client can fix; every surface answers 422 with `detail`. */
export class RunboardValidationError extends DomainError {
  override readonly name: DomainErrorName = "RunboardValidationError";
  constructor(readonly detail: ValidationDetail[]) {
    super(detail.map((d) => `${d.loc.join(".")}: ${d.msg}`).join("; "));
  }
}

/** The merged metadata would break a limit (the patch alone was valid). */
export class MetadataLimitError extends RunboardValidationError {
  override readonly name = "MetadataLimitError";
}

/** `after`/`before` named a run that is not in the list being paged. */
export class InvalidCursorError extends RunboardValidationError {
  override readonly name = "InvalidCursorError";
}

/** No run with this id under this thread (a run under another thread is just as absent). */
export class RunNotFoundError extends DomainError {
  override readonly name = "RunNotFoundError";
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
export class RunVersionConflictError extends DomainError {
  override readonly name = "RunVersionConflictError";
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
export class AuthenticationRequiredError extends DomainError {
  override readonly name = "AuthenticationRequiredError";
  constructor(message = "Authentication required: sign in, or send an API key as 'Authorization: Bearer <key>'.") {
    super(message);
  }
}

/** The caller is known but its role or key scope does not allow this call. */
export class PermissionDeniedError extends DomainError {
  override readonly name = "PermissionDeniedError";
  constructor(readonly permission: string) {
    super(`You don't have access: this needs the '${permission}' permission, which your role or key scope lacks.`);
  }
}

/** An admin action named a user or key that does not exist, or broke a rule (e.g. a taken email). */
export abstract class AccountError extends DomainError {
  abstract readonly code: "not_found" | "conflict";
}

/** The user or API key an admin named does not exist. */
export class AccountNotFoundError extends AccountError {
  override readonly name = "AccountNotFoundError";
  readonly code = "not_found";
}

/** The admin action would break a rule: a taken email, or leaving no admin. */
export class AccountConflictError extends AccountError {
  override readonly name = "AccountConflictError";
  readonly code = "conflict";
}

/** No saved view with this id that the caller may see (or, to delete, that is theirs). */
export class SavedViewNotFoundError extends DomainError {
  override readonly name = "SavedViewNotFoundError";
}

/** The operator already has a view with this name. */
export class SavedViewConflictError extends DomainError {
  override readonly name = "SavedViewConflictError";
}

/** PostgreSQL cannot be reached right now (not the caller's fault, and it heals by itself). */
export class DatabaseUnavailableError extends DomainError {
  override readonly name = "DatabaseUnavailableError";
  constructor(override readonly cause: unknown) {
    super(DATABASE_UNAVAILABLE_MESSAGE);
  }
}
