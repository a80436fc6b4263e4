import type { Metadata } from "./metadata.ts";

/** One key's difference between two metadata objects. */
export type MetadataChange =
  | { kind: "added"; key: string; after: string }
  | { kind: "changed"; key: string; before: string; after: string }
  | { kind: "removed"; key: string; before: string };

/**
 * What changed from `before` to `after`, key by key: removed and changed keys in `before`'s order,
 * then added keys in `after`'s order (the order an operator reads the editor's rows in).
 */
export function diffMetadata(before: Metadata, after: Metadata): MetadataChange[] {
  const changes: MetadataChange[] = [];
  for (const [key, old] of Object.entries(before)) {
    if (!Object.hasOwn(after, key)) changes.push({ kind: "removed", key, before: old });
    else if (after[key] !== old) changes.push({ kind: "changed", key, before: old, after: after[key] as string });
  }
  for (const [key, value] of Object.entries(after)) {
    if (!Object.hasOwn(before, key)) changes.push({ kind: "added", key, after: value });
  }
  return changes;
}
