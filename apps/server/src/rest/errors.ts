import {
  DatabaseUnavailableError,
  type DomainError,
  domainErrorOf,
  errorRowOf,
  INVALID_CONTENT_TYPE,
  openAICodeOf,
  RunboardValidationError,
} from "@runboard/api";
import type { ValidationDetail } from "@runboard/contract";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { ErrorResponse, OpenAIError, ValidationErrorResponse } from "./schemas.ts";

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
    .send({ error: { ...error, request_id: reply.request.id } } satisfies ErrorResponse);
}

/** The 422 body; OpenAI's error object carries one problem, so it describes the first. */
export function validationErrorBody(detail: ValidationDetail[]): ValidationErrorResponse {
  const first = detail[0] ?? { loc: ["body"], msg: "invalid request", type: "invalid_value" };
  return { detail, error: invalidRequest(first.msg, openAICodeOf(first.type), openAIParam(first.loc)) };
}

export function notFoundBody(request: FastifyRequest): ErrorResponse {
  return { error: invalidRequest(`Invalid URL (${request.method} ${request.url.split("?")[0]})`) };
}

/** A domain error as the error table says REST answers it. */
export function sendDomainError(request: FastifyRequest, reply: FastifyReply, error: DomainError) {
  const row = errorRowOf(error);
  if (error instanceof DatabaseUnavailableError) request.log.warn({ err: error.cause }, "database unavailable");
  reply.code(row.status);
  for (const [name, value] of Object.entries(row.headers?.(error) ?? {})) reply.header(name, value);
  if (row.validation && error instanceof RunboardValidationError) return reply.send(validationErrorBody(error.detail));
  const { type, code } = row.openai;
  // A 5xx names the request, so the caller's report finds the server's log line.
  const requestId = row.status >= 500 ? { request_id: request.id } : {};
  return reply.send({ error: { message: error.message, type, param: null, code, ...requestId }, ...row.body?.(error) });
}

/**
 * The 503 for "the database cannot be reached right now", wherever it is found: a query failing,
 * or the caller's credentials not checkable.
 */
export function sendDatabaseUnavailable(request: FastifyRequest, reply: FastifyReply, cause: unknown) {
  return sendDomainError(request, reply, new DatabaseUnavailableError(cause));
}

function fastifyCode(error: unknown): string | undefined {
  return (error as Partial<FastifyError> | null)?.code;
}

/**
 * Every failure under /v1 leaves in OpenAI's error shape: domain errors as the error table says
 * (bad input a 422 with `detail`, never a 500), and only what the client cannot cause is a 500 —
 * logged, but its text (which may hold SQL) stays out of the response.
 */
export function restErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const domain = domainErrorOf(error);
  if (domain) return sendDomainError(request, reply, domain);
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
  request.log.error({ err: error }, "REST request failed");
  return reply.code(500).send({
    error: { ...serverError("The server had an error while processing your request."), request_id: request.id },
  } satisfies ErrorResponse);
}
