import { z } from "zod";
import { createMessageBodySchema } from "./message.ts";
import { metadataPatchSchema, metadataSchema, newMetadataSchema } from "./metadata.ts";
import { idSchema } from "./run.ts";
import { toolResourcesSchema } from "./tools.ts";

/** The Thread object on the wire (OpenAI's shape), plus Runboard's `version`. */
export const threadSchema = z.object({
  id: z.string(),
  object: z.literal("thread"),
  created_at: z.number().int(),
  tool_resources: toolResourcesSchema,
  metadata: metadataSchema,
  version: z.number().int().min(1),
});
export type Thread = z.infer<typeof threadSchema>;

/** Create Thread: optionally its first messages (in order) and metadata. */
export const createThreadBodySchema = z.strictObject({
  messages: z.array(createMessageBodySchema).optional(),
  tool_resources: toolResourcesSchema.optional(),
  metadata: newMetadataSchema.nullable().optional(),
});
export type CreateThreadBody = z.infer<typeof createThreadBodySchema>;

/** Modify Thread: its metadata (merged) and tool resources (replaced). */
export const modifyThreadBodySchema = z.strictObject({
  tool_resources: toolResourcesSchema.optional(),
  metadata: metadataPatchSchema.optional(),
});
export type ModifyThreadBody = z.infer<typeof modifyThreadBodySchema>;

export const threadRefSchema = z.strictObject({ thread_id: idSchema });
export type ThreadRef = z.infer<typeof threadRefSchema>;
