import { z } from "zod";
import { DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, TEXT_MAX_LENGTH } from "./limits.ts";
import { metadataPatchSchema, metadataSchema, newMetadataSchema } from "./metadata.ts";
import { idSchema } from "./run.ts";
import { reasoningEffortSchema, responseFormatSchema, temperatureSchema, topPSchema } from "./sampling.ts";
import { textSchema } from "./text.ts";
import { assistantToolSchema, assistantToolsSchema, toolResourcesSchema } from "./tools.ts";

const unixSeconds = z.number().int();

/** The Assistant object on the wire (OpenAI's shape), plus Runboard's `version`. */
export const assistantSchema = z.object({
  id: z.string(),
  object: z.literal("assistant"),
  created_at: unixSeconds,
  name: z.string().nullable(),
  description: z.string().nullable(),
  model: z.string(),
  instructions: z.string().nullable(),
  tools: z.array(assistantToolSchema),
  tool_resources: toolResourcesSchema,
  metadata: metadataSchema,
  temperature: z.number().nullable(),
  top_p: z.number().nullable(),
  response_format: responseFormatSchema,
  reasoning_effort: reasoningEffortSchema,
  version: z.number().int().min(1),
});
export type Assistant = z.infer<typeof assistantSchema>;

const assistantFields = {
  name: textSchema(NAME_MAX_LENGTH, "name").nullable().optional(),
  description: textSchema(DESCRIPTION_MAX_LENGTH, "description").nullable().optional(),
  instructions: textSchema(TEXT_MAX_LENGTH, "instructions").nullable().optional(),
  tools: assistantToolsSchema.optional(),
  tool_resources: toolResourcesSchema.optional(),
  temperature: temperatureSchema.nullable().optional(),
  top_p: topPSchema.nullable().optional(),
  response_format: responseFormatSchema.optional(),
  reasoning_effort: reasoningEffortSchema.optional(),
};

const modelSchema = textSchema(256, "model").refine((model) => model.trim() !== "", "model must not be empty");

/** Create Assistant's body: `model` is required, everything else optional (OpenAI's fields). */
export const createAssistantBodySchema = z.strictObject({
  model: modelSchema,
  ...assistantFields,
  metadata: newMetadataSchema.nullable().optional(),
});
export type CreateAssistantBody = z.infer<typeof createAssistantBodySchema>;

/** Modify Assistant's body: fields given replace the stored ones; metadata merges as everywhere. */
export const modifyAssistantBodySchema = z.strictObject({
  model: modelSchema.optional(),
  ...assistantFields,
  metadata: metadataPatchSchema.optional(),
});
export type ModifyAssistantBody = z.infer<typeof modifyAssistantBodySchema>;

export const assistantRefSchema = z.strictObject({ assistant_id: idSchema });
export type AssistantRef = z.infer<typeof assistantRefSchema>;
