import { toValidationDetail, type ValidationDetail, type ValidationType } from "@runboard/contract";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server";
import { ZodError } from "zod";
import {
  type AccountConflictError,
  type AccountNotFoundError,
  type AuthenticationRequiredError,
  DatabaseUnavailableError,
  DomainError,
  type DomainErrorName,
  type InvalidCursorError,
  type MetadataLimitError,
  type PermissionDeniedError,
  RunboardValidationError,
  type RunNotFoundError,
  type RunVersionConflictError,
  type SavedViewConflictError,
  type SavedViewNotFoundError,
} from "./errors.ts";
import { isDatabaseUnavailable } from "./unavailable.ts";

interface ErrorsByName {
  RunboardValidationError: RunboardValidationError;
  MetadataLimitError: MetadataLimitError;
  InvalidCursorError: InvalidCursorError;
  RunNotFoundError: RunNotFoundError;
  RunVersionConflictError: RunVersionConflictError;
  AuthenticationRequiredError: AuthenticationRequiredError;
  PermissionDeniedError: PermissionDeniedError;
  AccountNotFoundError: AccountNotFoundError;
  AccountConflictError: AccountConflictError;
  SavedViewNotFoundError: SavedViewNotFoundError;
  SavedViewConflictError: SavedViewConflictError;
  DatabaseUnavailableError: DatabaseUnavailableError;
}

/** The REST error bodies, by their OpenAPI component name (the schemas are the REST transport's). */
export type ErrorComponent = "ErrorResponse" | "ValidationErrorResponse" | "PreconditionFailedResponse";

/** How one domain error leaves every surface. */
export interface ErrorRow<E extends DomainError = DomainError> {
  /** tRPC's code (which sets tRPC's HTTP status). */
  trpc: TRPC_ERROR_CODE_KEY;
  /** The REST status. */
  status: number;
  /** OpenAI's error `type` and `code` (for validation errors the code comes from the detail, see openAICodeOf). */
  openai: { type: "invalid_request_error" | "server_error"; code: string | null };
  /** Validation errors answer the seed's `detail` list beside OpenAI's `error`. */
  validation?: true;
  /** What the OpenAPI document says the answer means, and the schema of its body. */
  description: string;
  component: ErrorComponent;
  /** Extra REST response headers. */
  headers?: (error: E) => Record<string, string>;
  /** The answer carries the run's current ETag (documented as such). */
  etag?: true;
  /** Extra fields of the REST body beside `error`. */
  body?: (error: E) => Record<string, unknown>;
}

const validation = {
  trpc: "UNPROCESSABLE_CONTENT",
  status: 422,
  openai: { type: "invalid_request_error", code: null },
  validation: true,
  description: "The request is invalid; `detail` names every problem, `error` the first.",
  component: "ValidationErrorResponse",
} as const;

/** The ETag of a run at this version: its version in quotes (strong: one version, one JSON). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The one mapping of every domain error to its tRPC code, HTTP status and OpenAI error. */
export const ERROR_TABLE: { readonly [K in DomainErrorName]: ErrorRow<ErrorsByName[K]> } = {
  RunboardValidationError: validation,
  MetadataLimitError: validation,
  InvalidCursorError: validation,
  RunNotFoundError: {
    trpc: "NOT_FOUND",
    status: 404,
    openai: { type: "invalid_request_error", code: null },
    description: "No run with this id in this thread.",
    component: "ErrorResponse",
  },
  // tRPC answers CONFLICT (409) with the run as it is now; REST only meets it through If-Match,
  // so it answers HTTP's 412 with the run's current version (in the body and as its ETag).
  RunVersionConflictError: {
    trpc: "CONFLICT",
    status: 412,
    openai: { type: "invalid_request_error", code: "precondition_failed" },
    description: "If-Match named a version the run is no longer at; nothing was changed.",
    component: "PreconditionFailedResponse",
    etag: true,
    headers: (error) => ({ etag: etagOf(error.current.version) }),
    body: (error) => ({ current_version: error.current.version }),
  },
  AuthenticationRequiredError: {
    trpc: "UNAUTHORIZED",
    status: 401,
    openai: { type: "invalid_request_error", code: "invalid_api_key" },
    description: "No API key, or one that is unknown or revoked (`invalid_api_key`).",
    component: "ErrorResponse",
    headers: () => ({ "www-authenticate": 'Bearer realm="runboard"' }),
  },
  PermissionDeniedError: {
    trpc: "FORBIDDEN",
    status: 403,
    openai: { type: "invalid_request_error", code: "insufficient_permissions" },
    description: "The key's scope does not allow this (`insufficient_permissions`).",
    component: "ErrorResponse",
  },
  AccountNotFoundError: {
    trpc: "NOT_FOUND",
    status: 404,
    openai: { type: "invalid_request_error", code: null },
    description: "No user or API key with this id.",
    component: "ErrorResponse",
  },
  AccountConflictError: {
    trpc: "CONFLICT",
    status: 409,
    openai: { type: "invalid_request_error", code: "conflict" },
    description: "The change would break a rule (a taken email, or no admin left).",
    component: "ErrorResponse",
  },
  SavedViewNotFoundError: {
    trpc: "NOT_FOUND",
    status: 404,
    openai: { type: "invalid_request_error", code: null },
    description: "No saved view with this id that is yours or shared.",
    component: "ErrorResponse",
  },
  SavedViewConflictError: {
    trpc: "CONFLICT",
    status: 409,
    openai: { type: "invalid_request_error", code: "conflict" },
    description: "You already have a view with this name.",
    component: "ErrorResponse",
  },
  DatabaseUnavailableError: {
    trpc: "SERVICE_UNAVAILABLE",
    status: 503,
    openai: { type: "server_error", code: "database_unavailable" },
    description: "The database cannot be reached right now; retry shortly.",
    component: "ErrorResponse",
    headers: () => ({ "retry-after": "2" }),
  },
};

/** The row of this error. */
export function errorRowOf(error: DomainError): ErrorRow {
  return ERROR_TABLE[error.name] as ErrorRow;
}

/**
 * The domain error a failure stands for, or null for a bug: domain errors as they are, an input
 * schema's failure (tRPC wraps it) as a validation error, an unreachable database as one too.
 */
export function domainErrorOf(cause: unknown): DomainError | null {
  if (cause instanceof DomainError) return cause;
  // tRPC's input parsing fails with the schema's ZodError; its issues are about the input object.
  if (cause instanceof ZodError) return new RunboardValidationError(toValidationDetail(cause.issues, ["body"]));
  if (isDatabaseUnavailable(cause)) return new DatabaseUnavailableError(cause);
  return null;
}

/** The 422 `detail` carried by a validation failure, or null for any other error. */
export function validationDetail(cause: unknown): ValidationDetail[] | null {
  const error = domainErrorOf(cause);
  return error instanceof RunboardValidationError ? error.detail : null;
}

/**
 * OpenAI's `code` for each detail type. The metadata types already are OpenAI's codes; the others
 * get the code OpenAI uses for that kind of mistake, or `invalid_value`. Keyed by the contract's
 * union so that a new detail type cannot go unmapped.
 */
const OPENAI_CODES: Record<ValidationType, string> = {
  invalid_type: "invalid_type",
  object_above_max_properties: "object_above_max_properties",
  string_above_max_length: "string_above_max_length",
  string_below_min_length: "string_below_min_length",
  unrecognized_keys: "unknown_parameter",
  missing: "missing_required_parameter",
  invalid_json: "invalid_json",
  invalid_string: "invalid_value",
  invalid_value: "invalid_value",
  number_out_of_range: "invalid_value",
  invalid_cursor: "invalid_value",
};

/** A failure the contract cannot see: the request's media type (the REST transport reports it). */
export const INVALID_CONTENT_TYPE = "invalid_content_type";

/** OpenAI's `code` for a validation detail's `type`. */
export function openAICodeOf(type: string): string {
  if (type === INVALID_CONTENT_TYPE) return type;
  return Object.hasOwn(OPENAI_CODES, type) ? OPENAI_CODES[type as ValidationType] : "invalid_value";
}
