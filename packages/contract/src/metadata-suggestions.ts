import { z } from "zod";
import { METADATA_KEY_MAX_LENGTH, METADATA_VALUE_MAX_LENGTH } from "./limits.ts";
import { hasUnstorable } from "./metadata.ts";

const SUGGESTIONS_MAX = 50;

const prefixOf = (max: number, what: string) =>
  z
    .string()
    .max(max, `a ${what} prefix has at most ${max} characters`)
    .refine((text) => !hasUnstorable(text), {
      message: `a ${what} prefix must not contain a NUL character or an unpaired surrogate`,
      params: { type: "invalid_string" },
    });

const limit = z
  .number()
  .int("limit must be a whole number")
  .min(1, `limit must be between 1 and ${SUGGESTIONS_MAX}`)
  .max(SUGGESTIONS_MAX, `limit must be between 1 and ${SUGGESTIONS_MAX}`)
  .default(20);

/** The metadata keys runs have, in order, that start with `prefix` (for a filter's suggestions). */
export const metadataKeysInputSchema = z.strictObject({
  prefix: prefixOf(METADATA_KEY_MAX_LENGTH, "key").default(""),
  limit,
});
export type MetadataKeysInput = z.input<typeof metadataKeysInputSchema>;

/** The values runs have for `key`, in order, that start with `prefix`. */
export const metadataValuesInputSchema = z.strictObject({
  key: z.string().min(1, "a key is required").max(METADATA_KEY_MAX_LENGTH),
  prefix: prefixOf(METADATA_VALUE_MAX_LENGTH, "value").default(""),
  limit,
});
export type MetadataValuesInput = z.input<typeof metadataValuesInputSchema>;

export const metadataSuggestionsSchema = z.object({ object: z.literal("list"), data: z.array(z.string()) });
export type MetadataSuggestions = z.infer<typeof metadataSuggestionsSchema>;
