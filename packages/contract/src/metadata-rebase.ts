import { applyMetadataPatch, type Metadata, type MetadataPatch } from "./metadata.ts";
import { type MetadataRows, metadataToRows, rowsToPatch } from "./metadata-form.ts";

type Rows = MetadataRows["rows"];

/** One key as the conflict view shows it: the value it had, theirs now, and the operator's. */
export interface KeyComparison {
  key: string;
  /** The value the operator's edit started from; null when the key did not exist. */
  base: string | null;
  /** The run's value now; null when absent. */
  theirs: string | null;
  /** The operator's typed value; null when they removed the key (or never had it). */
  mine: string | null;
  /** Both sides changed this key, to different results. */
  clash: boolean;
}

const valueAt = (metadata: Metadata, key: string) => (Object.hasOwn(metadata, key) ? (metadata[key] as string) : null);

/**
 * Every key that the operator edited or that changed underneath them, in the order the operator
 * reads them: their own rows first, then keys only the other side touched.
 */
export function compareEdits(base: Metadata, rows: Rows, theirs: Metadata): KeyComparison[] {
  const mine = new Map(rows.map((row) => [row.key, row.value]));
  const edited = rowsToPatch(base, rows);
  const keys = new Set<string>([...rows.map((row) => row.key), ...Object.keys(base), ...Object.keys(theirs)]);
  const out: KeyComparison[] = [];
  for (const key of keys) {
    const before = valueAt(base, key);
    const now = valueAt(theirs, key);
    const typed = mine.has(key) ? (mine.get(key) as string) : null;
    const iChanged = Object.hasOwn(edited, key);
    const theyChanged = before !== now;
    if (!iChanged && !theyChanged) continue;
    out.push({ key, base: before, theirs: now, mine: typed, clash: iChanged && theyChanged && typed !== now });
  }
  return out;
}

/**
 * The operator's edits (rows typed on top of `base`) re-applied on top of `theirs`: each key the
 * operator set, changed or removed takes the operator's value, every other key keeps theirs.
 * Returns the rows to show and the patch that turns `theirs` into them (empty when the other side
 * had already made the same change).
 */
export function reapplyEdits(base: Metadata, rows: Rows, theirs: Metadata): { rows: Rows; patch: MetadataPatch } {
  const merged = metadataToRows(applyMetadataPatch(theirs, rowsToPatch(base, rows)));
  return { rows: merged, patch: rowsToPatch(theirs, merged) };
}
