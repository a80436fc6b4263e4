import { z } from "zod";
import { metadataSchema } from "./metadata.ts";
import { lastErrorSchema } from "./run.ts";

const unixSeconds = z.number().int();

export const RUN_STEP_STATUSES = ["in_progress", "cancelled", "failed", "completed", "expired"] as const;

/** A tool call as a step records it: function calls carry name, arguments and (later) output. */
export const stepToolCallSchema = z.discriminatedUnion("type", [
  z.object({
    id: z.string(),
    type: z.literal("function"),
    function: z.object({ name: z.string(), arguments: z.string(), output: z.string().nullable() }),
  }),
  z.looseObject({ id: z.string(), type: z.literal("code_interpreter") }),
  z.looseObject({ id: z.string(), type: z.literal("file_search") }),
]);

export const stepDetailsSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("message_creation"), message_creation: z.object({ message_id: z.string() }) }),
  z.object({ type: z.literal("tool_calls"), tool_calls: z.array(stepToolCallSchema) }),
]);

export const usageSchema = z.object({
  prompt_tokens: z.number().int().min(0),
  completion_tokens: z.number().int().min(0),
  total_tokens: z.number().int().min(0),
});

/** The Run Step object on the wire (OpenAI's shape). */
export const runStepSchema = z.object({
  id: z.string(),
  object: z.literal("thread.run.step"),
  created_at: unixSeconds,
  assistant_id: z.string(),
  thread_id: z.string(),
  run_id: z.string(),
  type: z.enum(["message_creation", "tool_calls"]),
  status: z.enum(RUN_STEP_STATUSES),
  step_details: stepDetailsSchema,
  last_error: lastErrorSchema.nullable(),
  expired_at: unixSeconds.nullable(),
  cancelled_at: unixSeconds.nullable(),
  failed_at: unixSeconds.nullable(),
  completed_at: unixSeconds.nullable(),
  metadata: metadataSchema,
  usage: usageSchema.nullable(),
});
export type RunStep = z.infer<typeof runStepSchema>;
