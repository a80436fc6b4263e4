import { z } from "zod";
import { FUNCTION_NAME_MAX_LENGTH, TOOLS_MAX } from "./limits.ts";
import { describe } from "./metadata.ts";
import { textSchema } from "./text.ts";

/** A function an assistant may call: its name and JSON-schema parameters, as OpenAI defines it. */
export const functionDefinitionSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/, "function names may contain only a-z, A-Z, 0-9, underscores and dashes")
    .min(1, "a function needs a name")
    .max(FUNCTION_NAME_MAX_LENGTH, `function names have at most ${FUNCTION_NAME_MAX_LENGTH} characters`),
  description: textSchema(1024, "a function description").optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullable().optional(),
});

const TOOL_TYPES = ["code_interpreter", "file_search", "function"] as const;

/** One of the Assistants API's tools; file_search's options are stored as given. */
export const assistantToolSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("code_interpreter") }),
    z.strictObject({
      type: z.literal("file_search"),
      file_search: z.looseObject({ max_num_results: z.number().int().min(1).max(50).optional() }).optional(),
    }),
    z.strictObject({ type: z.literal("function"), function: functionDefinitionSchema }),
  ],
  {
    error: (issue) =>
      `a tool's type must be one of ${TOOL_TYPES.join(", ")}, got ${typeof issue.input === "object" && issue.input !== null && "type" in issue.input ? JSON.stringify((issue.input as { type: unknown }).type) : describe(issue.input)}`,
  },
);
export type AssistantTool = z.infer<typeof assistantToolSchema>;

export const assistantToolsSchema = z
  .array(assistantToolSchema)
  .max(TOOLS_MAX, `at most ${TOOLS_MAX} tools are allowed`);

/** Files and vector stores the tools use: ids Runboard keeps as given (it stores no files). */
export const toolResourcesSchema = z
  .strictObject({
    code_interpreter: z.strictObject({ file_ids: z.array(z.string()).max(20).optional() }).optional(),
    file_search: z.looseObject({ vector_store_ids: z.array(z.string()).max(1).optional() }).optional(),
  })
  .nullable();
export type ToolResources = z.infer<typeof toolResourcesSchema>;
