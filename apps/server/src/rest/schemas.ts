import type { ValidationDetail } from "@runboard/contract";
import { z } from "zod";

// The REST surface's own envelopes (its error bodies). They are zod schemas so that the OpenAPI
// document is generated from the same definitions the handlers' types come from.

/** OpenAI's error object. */
export const openAIErrorSchema = z.object({
  message: z.string(),
  type: z.enum(["invalid_request_error", "server_error"]),
  param: z.string().nullable(),
  code: z.string().nullable(),
  request_id: z
    .string()
    .optional()
    .describe("On a 5xx: the request's id, as in its X-Request-Id header and the server's log line."),
});
export type OpenAIError = z.infer<typeof openAIErrorSchema>;

export const errorResponseSchema = z.object({ error: openAIErrorSchema });
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** A 412: If-Match named a version the run is no longer at. */
export const preconditionFailedResponseSchema = z.object({
  error: openAIErrorSchema,
  current_version: z.number().int().min(1).describe("The run's version now; its ETag is this number in quotes."),
});
export type PreconditionFailedResponse = z.infer<typeof preconditionFailedResponseSchema>;

export const validationDetailSchema = z.object({
  loc: z.array(z.union([z.string(), z.number().int()])),
  msg: z.string(),
  type: z.string(),
});

/** A 422: the seed's `detail` list plus OpenAI's `error`, so clients written for either read it. */
export const validationErrorResponseSchema = z.object({
  detail: z.array(validationDetailSchema),
  error: openAIErrorSchema,
});
export type ValidationErrorResponse = z.infer<typeof validationErrorResponseSchema>;

// The contract states this shape as an interface; the build fails if the schema drifts from it.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type ShapesMatchContract = [Assert<Same<z.infer<typeof validationDetailSchema>, ValidationDetail>>];
