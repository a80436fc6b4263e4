import type { z } from "zod";
import { METADATA_KEY_MAX_LENGTH, METADATA_MAX_KEYS, METADATA_VALUE_MAX_LENGTH } from "./limits.ts";
import { metadataPatchSchema, metadataSchema } from "./metadata.ts";

type JSONSchema = z.core.JSONSchema.BaseSchema;

// The metadata schemas are z.custom + superRefine (so that every bad key gets its own issue),
// which z.toJSONSchema cannot read. These state the same limits, from the same constants.
const metadataKeys: JSONSchema = { type: "string", minLength: 1, maxLength: METADATA_KEY_MAX_LENGTH };

/** Metadata as stored on a run, in JSON Schema (code points are what maxLength counts, as we do). */
export const metadataJsonSchema: JSONSchema = {
  type: "object",
  maxProperties: METADATA_MAX_KEYS,
  propertyNames: metadataKeys,
  additionalProperties: { type: "string", maxLength: METADATA_VALUE_MAX_LENGTH },
  description:
    `At most ${METADATA_MAX_KEYS} key-value pairs; keys of 1 to ${METADATA_KEY_MAX_LENGTH} characters, ` +
    `string values of at most ${METADATA_VALUE_MAX_LENGTH} characters.`,
};

/** A metadata merge patch in JSON Schema; the key limit applies to the merged result, not to the patch. */
export const metadataPatchJsonSchema: JSONSchema = {
  type: "object",
  propertyNames: metadataKeys,
  additionalProperties: { type: ["string", "null"], maxLength: METADATA_VALUE_MAX_LENGTH },
  description:
    "A JSON Merge Patch (RFC 7396) of the run's metadata: a string sets the key, null removes it, " +
    `keys not named are kept. The resulting metadata may have at most ${METADATA_MAX_KEYS} keys; ` +
    `keys have 1 to ${METADATA_KEY_MAX_LENGTH} characters, values at most ${METADATA_VALUE_MAX_LENGTH}.`,
};

const described = new Map<z.core.$ZodType, JSONSchema>([
  [metadataSchema, metadataJsonSchema],
  [metadataPatchSchema, metadataPatchJsonSchema],
]);
// A refined schema is a clone whose parent is the unrefined z.custom; zod visits that parent too,
// but the clone's description above already covers it.
const parents = new Set<z.core.$ZodType>();
for (const schema of described.keys()) {
  for (let p = schema._zod.parent; p; p = p._zod.parent) parents.add(p);
}

/**
 * The `unrepresentable` option for `z.toJSONSchema` over contract schemas: describes the metadata
 * schemas and throws for anything else, so a new custom schema cannot silently become `{}`.
 */
export const describeContractSchema: z.core.UnrepresentableHandler = ({ zodSchema }) => {
  const known = described.get(zodSchema);
  if (known) return structuredClone(known);
  return parents.has(zodSchema) ? "any" : "throw";
};
