import {
  AuthenticationRequiredError,
  DATABASE_UNAVAILABLE_MESSAGE,
  isDatabaseUnavailable,
  PermissionDeniedError,
  RunNotFoundError,
  RunVersionConflictError,
  validationDetail,
} from "@runboard/api";
import type { ValidationDetail, ValidationType } from "@runboard/contract";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { etagOf } from "./preconditions.ts";
import type { ErrorResponse, OpenAIError, PreconditionFailedResponse, ValidationErrorResponse } from "./schemas.ts";

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

/** A failure the contract cannot see: the request's media type. */
const INVALID_CONTENT_TYPE = "invalid_content_type";

function openAICode(type: string): string {
  if (type === INVALID_CONTENT_TYPE) return type;
  return Object.hasOwn(OPENAI_CODES, type) ? OPENAI_CODES[type as ValidationType] : "invalid_value";
}

/** OpenAI's `param` names a field without saying where it came from: `metadata.<key>`, `limit`. */
function openAIParam(loc: ValidationDetail["loc"]): string | null {
  const rest = ["body", "query", "path", "header"].includes(String(loc[0])) ? loc.slice(1) : loc;
  return rest.length > 0 ? rest.join(".") : null;
}

export function invalidRequest(message: string, code: string | null = null, param: string | null = null): OpenAIError {
  return { message, type: "invalid_request_error", param, code };
}

export function serverError(message: string, code: string | null = null): OpenAIError {
  return { message, type: "server_error", param: null, code };
}

/** A 503 in OpenAI's error shape, with how many seconds to wait before retrying. */
export function sendUnavailable(reply: FastifyReply, error: OpenAIError, retryAfterSeconds: number) {
  return reply
    .code(503)
    .header("retry-after", String(retryAfterSeconds))
    .send({ error } satisfies ErrorResponse);
}

/** The 422 body; OpenAI's error object carries one problem, so it describes the first. */
export function validationErrorBody(detail: ValidationDetail[]): ValidationErrorResponse {
  const first = detail[0] ?? { loc: ["body"], msg: "invalid request", type: "invalid_value" };
  return { detail, error: invalidRequest(first.msg, openAICode(first.type), openAIParam(first.loc)) };
}

export function notFoundBody(request: FastifyRequest): ErrorResponse {
  return { error: invalidRequest(`Invalid URL (${request.method} ${request.url.split("?")[0]})`) };
}

/**
 * The 503 for "the database cannot be reached right now", wherever it is found: a query failing,
 * or the caller's credentials not checkable.
 */
export function sendDatabaseUnavailable(reply: FastifyReply) {
  return sendUnavailable(reply, serverError(DATABASE_UNAVAILABLE_MESSAGE, "database_unavailable"), 2);
}

function fastifyCode(error: unknown): string | undefined {
  return (error as Partial<FastifyError> | null)?.code;
}

/**
 * Every failure under /v1 leaves in OpenAI's error shape: bad input is a 422 with `detail` (never
 * a 500), a missing run a 404, and only what the client cannot cause is a 500 — logged, but its
 * text (which may hold SQL) stays out of the response.
 */
export function restErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  // OpenAI's shapes: a missing or bad key is 401 `invalid_api_key`, too little access a 403.
  if (error instanceof AuthenticationRequiredError) {
    return reply
      .code(401)
      .header("www-authenticate", 'Bearer realm="runboard"')
      .send({ error: invalidRequest(error.message, "invalid_api_key") } satisfies ErrorResponse);
  }
  if (error instanceof PermissionDeniedError) {
    return reply
      .code(403)
      .send({ error: invalidRequest(error.message, "insufficient_permissions") } satisfies ErrorResponse);
  }
  const detail = validationDetail(error);
  if (detail) return reply.code(422).send(validationErrorBody(detail));
  if (error instanceof RunNotFoundError) {
    return reply.code(404).send({ error: invalidRequest(error.message) } satisfies ErrorResponse);
  }
  // If-Match named a version the run is no longer at: 412, with the run's current version (in the
  // body and as its ETag) so the client can read it again and retry.
  if (error instanceof RunVersionConflictError) {
    return reply
      .code(412)
      .header("etag", etagOf(error.current.version))
      .send({
        error: invalidRequest(error.message, "precondition_failed"),
        current_version: error.current.version,
      } satisfies PreconditionFailedResponse);
  }
  switch (fastifyCode(error)) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE": {
      const got = request.headers["content-type"] ?? "none";
      return reply
        .code(422)
        .send(
          validationErrorBody([
            { loc: ["body"], msg: `Content-Type must be application/json, got '${got}'`, type: INVALID_CONTENT_TYPE },
          ]),
        );
    }
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return reply.code(413).send({
        error: invalidRequest(
          `The request body is larger than ${request.routeOptions.bodyLimit} bytes.`,
          "request_too_large",
        ),
      } satisfies ErrorResponse);
  }
  // Fastify's other client errors (a wrong Content-Length, …) keep their status and message.
  const status = (error as Partial<FastifyError> | null)?.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500) {
    return reply.code(status).send({ error: invalidRequest((error as Error).message) } satisfies ErrorResponse);
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, "database unavailable");
    return sendDatabaseUnavailable(reply);
  }
  request.log.error({ err: error }, "REST request failed");
  return reply.code(500).send({
    error: serverError("The server had an error while processing your request."),
  } satisfies ErrorResponse);
}
