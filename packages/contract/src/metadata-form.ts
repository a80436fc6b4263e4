import { z } from "zod";
import { METADATA_MAX_KEYS } from "./limits.ts";
import { type Metadata, type MetadataPatch, metadataKeySchema, metadataValueSchema } from "./metadata.ts";

/**
 * The metadata editor's rows, checked with the same key and value rules as the API, plus what
 * only a form can get wrong: the same key twice, and more rows than the limit.
 */
export const metadataRowsSchema = z
  .object({
    rows: z.array(z.object({ key: metadataKeySchema, value: metadataValueSchema })),
  })
  .superRefine(({ rows }, ctx) => {
    const firstIndex = new Map<string, number>();
    rows.forEach((row, index) => {
      const first = firstIndex.get(row.key);
      if (first === undefined) firstIndex.set(row.key, index);
      else if (row.key !== "") {
        ctx.addIssue({
          code: "custom",
          path: ["rows", index, "key"],
          message: `'${row.key}' is already used in row ${first + 1}; keys must be unique`,
          params: { type: "duplicate_key" },
        });
      }
      if (index === METADATA_MAX_KEYS) {
        ctx.addIssue({
          code: "custom",
          path: ["rows", index, "key"],
          message: `metadata can have at most ${METADATA_MAX_KEYS} keys; remove a row`,
          params: { type: "object_above_max_properties" },
        });
      }
    });
  });
export type MetadataRows = z.infer<typeof metadataRowsSchema>;

export function metadataToRows(metadata: Metadata): MetadataRows["rows"] {
  return Object.entries(metadata).map(([key, value]) => ({ key, value }));
}

/** The merge patch that turns `saved` into the rows: changed and new keys, removed keys as null. */
export function rowsToPatch(saved: Metadata, rows: MetadataRows["rows"]): MetadataPatch {
  const next = new Map(rows.map((row) => [row.key, row.value]));
  const patch = new Map<string, string | null>();
  for (const key of Object.keys(saved)) if (!next.has(key)) patch.set(key, null);
  for (const [key, value] of next) if (saved[key] !== value || !Object.hasOwn(saved, key)) patch.set(key, value);
  return Object.fromEntries(patch);
}
