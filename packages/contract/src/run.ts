import { z } from "zod";
import { ID_MAX_LENGTH } from "./limits.ts";
import { metadataSchema } from "./metadata.ts";

export const RUN_STATUSES = [
  "queued",
  "in_progress",
  "requires_action",
  "cancelling",
  "cancelled",
  "failed",
  "completed",
  "expired",
] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const idSchema = z
  .string()
  .min(1, "must not be empty")
  .max(ID_MAX_LENGTH, `must be at most ${ID_MAX_LENGTH} characters`)
  .regex(/^[\x21-\x7e]+$/, "must be printable ASCII without spaces");

export const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

export const requiredActionSchema = z.object({
  type: z.literal("submit_tool_outputs"),
  submit_tool_outputs: z.object({ tool_calls: z.array(toolCallSchema) }),
});
export type RequiredAction = z.infer<typeof requiredActionSchema>;

export const lastErrorSchema = z.object({
  code: z.enum(["server_error", "rate_limit_exceeded"]),
  message: z.string(),
});
export type LastError = z.infer<typeof lastErrorSchema>;

/** A tool as the Assistants API describes it; function tools carry their JSON schema. */
export const toolSchema = z.looseObject({ type: z.string() });
export type Tool = z.infer<typeof toolSchema>;

const unixSeconds = z.number().int();

/** The Run object on the wire: snake_case, timestamps in Unix seconds, null where absent. */
export const runSchema = z.object({
  id: z.string(),
  object: z.literal("thread.run"),
  created_at: unixSeconds,
  thread_id: z.string(),
  assistant_id: z.string(),
  status: runStatusSchema,
  required_action: requiredActionSchema.nullable(),
  last_error: lastErrorSchema.nullable(),
  expires_at: unixSeconds.nullable(),
  started_at: unixSeconds.nullable(),
  cancelled_at: unixSeconds.nullable(),
  failed_at: unixSeconds.nullable(),
  completed_at: unixSeconds.nullable(),
  model: z.string(),
  instructions: z.string(),
  tools: z.array(toolSchema),
  file_ids: z.array(z.string()),
  metadata: metadataSchema,
  /**
   * Runboard's addition to OpenAI's Run: starts at 1 and grows by one with every stored change.
   * Send it back as `expected_version` (or REST's `If-Match`) so that a stale edit is refused.
   */
  version: z.number().int().min(1),
});
export type Run = z.infer<typeof runSchema>;

/** Addresses one run: a run exists only under its own thread. */
export const runRefSchema = z.strictObject({ thread_id: idSchema, run_id: idSchema });
export type RunRef = z.infer<typeof runRefSchema>;
