import { metadataKeysInputSchema, metadataSuggestionsSchema, metadataValuesInputSchema } from "@runboard/contract";
import { query } from "../define.ts";

export const metadataKeys = query({
  description: "The metadata keys runs have, in order, starting with a prefix (a filter's suggestions).",
  permission: "runs:read",
  input: metadataKeysInputSchema,
  output: metadataSuggestionsSchema,
  handler: ({ ctx, input }) => ctx.runService.metadataKeys(input.prefix, input.limit),
});

export const metadataValues = query({
  description: "The values runs have for one metadata key, in order, starting with a prefix.",
  permission: "runs:read",
  input: metadataValuesInputSchema,
  output: metadataSuggestionsSchema,
  handler: ({ ctx, input }) => ctx.runService.metadataValues(input.key, input.prefix, input.limit),
});
