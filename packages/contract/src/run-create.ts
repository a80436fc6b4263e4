import { z } from "zod";
import { TEXT_MAX_LENGTH } from "./limits.ts";
import { createMessageBodySchema } from "./message.ts";
import { newMetadataSchema } from "./metadata.ts";
import { idSchema } from "./run.ts";
import { reasoningEffortSchema, responseFormatSchema, temperatureSchema, topPSchema } from "./sampling.ts";
import { textSchema } from "./text.ts";
import { createThreadBodySchema } from "./thread.ts";
import { assistantToolsSchema, toolResourcesSchema } from "./tools.ts";

const tokenBudget = (what: string) =>
  z.number().int(`${what} must be a whole number`).min(256, `${what} must be at least 256`).nullable().optional();

export const truncationStrategySchema = z
  .strictObject({
    type: z.enum(["auto", "last_messages"]),
    last_messages: z.number().int().min(1).nullable().optional(),
  })
  .nullable();

export const toolChoiceSchema = z
  .union([
    z.enum(["none", "auto", "required"]),
    z.strictObject({ type: z.literal("function"), function: z.strictObject({ name: z.string().min(1) }) }),
    z.strictObject({ type: z.enum(["code_interpreter", "file_search"]) }),
  ])
  .nullable();

/** How a run asks its worker to behave; taken from the request, else from the assistant. */
const runSettings = {
  model: textSchema(256, "model").nullable().optional(),
  instructions: textSchema(TEXT_MAX_LENGTH, "instructions").nullable().optional(),
  tools: assistantToolsSchema.nullable().optional(),
  metadata: newMetadataSchema.nullable().optional(),
  temperature: temperatureSchema.nullable().optional(),
  top_p: topPSchema.nullable().optional(),
  reasoning_effort: reasoningEffortSchema.optional(),
  max_prompt_tokens: tokenBudget("max_prompt_tokens"),
  max_completion_tokens: tokenBudget("max_completion_tokens"),
  truncation_strategy: truncationStrategySchema.optional(),
  tool_choice: toolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  response_format: responseFormatSchema.optional(),
  /** Streaming needs a worker relaying events; until one exists `true` is refused with a clear 400. */
  stream: z.boolean().nullable().optional(),
};

/** Create Run's body (`POST /v1/threads/{thread_id}/runs`). */
export const createRunBodySchema = z.strictObject({
  assistant_id: idSchema,
  ...runSettings,
  additional_instructions: textSchema(TEXT_MAX_LENGTH, "additional_instructions").nullable().optional(),
  additional_messages: z.array(createMessageBodySchema).nullable().optional(),
});
export type CreateRunBody = z.infer<typeof createRunBodySchema>;

/** Create Thread and Run's body (`POST /v1/threads/runs`). */
export const createThreadAndRunBodySchema = z.strictObject({
  assistant_id: idSchema,
  thread: createThreadBodySchema.optional(),
  tool_resources: toolResourcesSchema.optional(),
  ...runSettings,
});
export type CreateThreadAndRunBody = z.infer<typeof createThreadAndRunBodySchema>;

/** Submit Tool Outputs' body: one output per tool call the run asked for. */
export const submitToolOutputsBodySchema = z.strictObject({
  tool_outputs: z
    .array(z.strictObject({ tool_call_id: idSchema, output: textSchema(TEXT_MAX_LENGTH, "a tool output") }))
    .min(1, "tool_outputs must name at least one tool call"),
  stream: z.boolean().nullable().optional(),
});
export type SubmitToolOutputsBody = z.infer<typeof submitToolOutputsBodySchema>;

/**
 * Makes a retried create return the first result: REST's `Idempotency-Key` header, tRPC's
 * `idempotency_key` input.
 */
export const idempotencyKeySchema = z
  .string()
  .min(1, "an idempotency key must not be empty")
  .max(255, "an idempotency key has at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "an idempotency key must be printable ASCII without spaces");
