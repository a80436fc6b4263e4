import {
  METADATA_KEY_MAX_LENGTH,
  METADATA_MAX_KEYS,
  METADATA_VALUE_MAX_LENGTH,
  type Metadata,
  type MetadataPatch,
  splitMetadataPatch,
} from "@runboard/contract";
import { Prisma, prepared, type SqlRunner } from "@runboard/db";
import { MetadataLimitError, RunNotFoundError, RunVersionConflictError } from "../../errors.ts";
import type { ChangeOrigin } from "../../run/origin.ts";
import { ANNOUNCED, ANNOUNCED_BY_SINK } from "../changes.ts";
import { columnNames, RUN_COLUMNS_KEPT_BY_MODIFY } from "./columns.ts";
import { type RunRow, toWireRun } from "./row.ts";
import { SELECT_RUN_COLUMNS } from "./select.ts";

export interface ModifyMetadataOptions extends ChangeOrigin {
  /**
   * Apply the patch only while the run is at one of these versions (optimistic concurrency);
   * undefined accepts any version. An empty list matches none.
   */
  expectedVersions?: readonly number[];
}

type Outcome = "changed" | "unchanged" | "conflict" | "over_limit";

// The run's columns other than metadata and version, which the statement may have changed.
const FIXED_COLUMNS = Prisma.raw(columnNames(RUN_COLUMNS_KEPT_BY_MODIFY, "p"));

/**
 * Applies a merge patch and records it, in ONE statement:
 * - `announced` marks the write as reported to the change sink (see ANNOUNCED_BY_SINK).
 * - `current` locks the run's row (FOR UPDATE returns the latest committed version even if
 *   another modify committed after this statement's snapshot), so the merge, the 16-key check,
 *   the version check and the revision's "before" all see the same row and no other writer can
 *   slip in between: concurrent modifies of different keys all survive, and the revision chain
 *   has no gaps or forks. `fresh` says whether that row is the one this statement's snapshot
 *   sees (no other write committed in between), which `entries` relies on.
 * - `planned` merges the patch and, when fresh, sets `runboard.entries` for the transaction, which
 *   tells the runs_metadata_entries_update trigger that this statement keeps the run's metadata
 *   entries itself (the final SELECT turns it off again).
 * - `changed` updates only when the metadata really changes, so the version moves (and a row
 *   version is written) only then; a no-op patch leaves the row untouched. With no index on
 *   metadata, version or updated_at and room on the page (fillfactor), this is a HOT update.
 * - `gone` and `added` keep run_metadata_entries in step from the patch alone: the pairs of the
 *   keys it changes or removes go, the pairs it sets come (within the limits the table keeps).
 *   They read the table through this statement's snapshot, which is exact only when the run did
 *   not change since it was taken; when it did (a concurrent write to the same run), they do
 *   nothing and the trigger does the same work instead, in statements that see the latest rows.
 * - `revision` writes the audit row in the same statement, hence the same transaction.
 * - The final SELECT says what happened, so a refusal needs no second query.
 * It is a prepared statement (its text never changes): planning this CTE on every call cost more
 * database CPU than its writes.
 */
function modifySql(threadId: string, runId: string, patch: MetadataPatch, options: ModifyMetadataOptions) {
  const { set, remove } = splitMetadataPatch(patch);
  const expected = options.expectedVersions ? [...options.expectedVersions] : null;
  const { actor, surface } = options;
  const setJson = JSON.stringify(set);
  return prepared(
    "runboard_modify_run",
    Prisma.sql`
    WITH ${ANNOUNCED_BY_SINK},
    current AS (
      SELECT ${SELECT_RUN_COLUMNS}, ctid = (SELECT s.ctid FROM runs s WHERE s.id = runs.id) AS fresh
      FROM runs WHERE id = ${runId} AND thread_id = ${threadId} AND ${ANNOUNCED} FOR UPDATE
    ),
    planned AS (
      SELECT c.*,
        (c.metadata || ${setJson}::jsonb) - ${remove}::text[] AS next,
        (${expected}::int[] IS NULL OR c.version = ANY(${expected}::int[])) AS version_ok,
        set_config('runboard.entries', CASE WHEN c.fresh THEN 'on' ELSE 'off' END, true) AS entries_mark
      FROM current c
    ),
    changed AS (
      UPDATE runs r SET metadata = p.next, version = p.version + 1, updated_at = now()
      FROM planned p
      WHERE r.id = p.id AND p.version_ok AND p.next <> p.metadata AND p.entries_mark IS NOT NULL
        AND (SELECT count(*) FROM jsonb_object_keys(p.next)) <= ${METADATA_MAX_KEYS}
      RETURNING r.id, r.metadata, r.version
    ),
    gone AS (
      DELETE FROM run_metadata_entries m
      USING changed c JOIN planned p ON p.id = c.id,
        (SELECT jsonb_object_keys(${setJson}::jsonb) UNION ALL SELECT unnest(${remove}::text[])) k(key)
      WHERE p.fresh AND m.key = k.key AND m.value = p.metadata ->> k.key
        AND m.created_at = p.created_at AND m.run_id = p.id
        AND (c.metadata ->> k.key) IS DISTINCT FROM (p.metadata ->> k.key)
    ),
    added AS (
      INSERT INTO run_metadata_entries (key, value, created_at, run_id)
      SELECT n.key, n.value, p.created_at, p.id
      FROM changed c JOIN planned p ON p.id = c.id CROSS JOIN jsonb_each_text(${setJson}::jsonb) n
      WHERE p.fresh AND (p.metadata ->> n.key) IS DISTINCT FROM n.value
        AND length(n.key) <= ${METADATA_KEY_MAX_LENGTH} AND length(n.value) <= ${METADATA_VALUE_MAX_LENGTH}
    ),
    revision AS (
      INSERT INTO run_revisions (run_id, version, metadata_before, metadata_after, actor_type, actor_id, actor_label, surface)
      SELECT c.id, c.version, p.metadata, c.metadata, ${actor.type}::revision_actor_type, ${actor.id}, ${actor.label},
        ${surface}::revision_surface
      FROM changed c JOIN planned p ON p.id = c.id
    )
    SELECT ${FIXED_COLUMNS},
      coalesce(c.metadata, p.metadata) AS metadata,
      coalesce(c.version, p.version) AS version,
      CASE WHEN c.id IS NOT NULL THEN 'changed'
        WHEN NOT p.version_ok THEN 'conflict'
        WHEN p.next = p.metadata THEN 'unchanged'
        ELSE 'over_limit' END AS outcome,
      set_config('runboard.entries', 'off', true) AS entries_done
    FROM planned p LEFT JOIN changed c ON c.id = p.id`,
  );
}

/** The run after the modify, and whether the modify changed it (a no-op patch does not). */
export interface ModifiedRun {
  row: RunRow;
  changed: boolean;
}

/**
 * Merges `patch` into the run's metadata (RFC 7396 on a flat object) and writes a revision when
 * the metadata changes. Throws RunNotFoundError, RunVersionConflictError (nothing changed; the
 * current run attached) or MetadataLimitError (the merged result would have more than 16 keys).
 */
export async function modifyRunMetadata(
  sql: SqlRunner,
  threadId: string,
  runId: string,
  patch: MetadataPatch,
  options: ModifyMetadataOptions,
): Promise<ModifiedRun> {
  const rows = await sql<RunRow & { outcome: Outcome; entries_done: string }>(
    modifySql(threadId, runId, patch, options),
  );
  const found = rows[0];
  if (!found) throw new RunNotFoundError(threadId, runId);
  const { outcome, entries_done: _done, ...row } = found;
  switch (outcome) {
    case "changed":
    case "unchanged":
      return { row, changed: outcome === "changed" };
    case "conflict":
      throw new RunVersionConflictError(toWireRun(row), options.expectedVersions ?? []);
    case "over_limit":
      throw limitError(row.metadata, patch);
  }
}

function limitError(current: Metadata, patch: MetadataPatch): MetadataLimitError {
  const added = Object.keys(patch).filter((key) => patch[key] !== null && !Object.hasOwn(current, key));
  const kept = Object.keys(current).filter((key) => !(Object.hasOwn(patch, key) && patch[key] === null)).length;
  const total = kept + added.length;
  // Name the first key that goes past the limit, as the seed's loc does.
  const offending = added[Math.max(0, METADATA_MAX_KEYS - kept)] ?? added.at(-1) ?? "";
  return new MetadataLimitError([
    {
      loc: ["body", "metadata", offending],
      msg: `metadata can have at most ${METADATA_MAX_KEYS} keys; this change would leave the run with ${total} (it has ${Object.keys(current).length}, the patch adds ${added.length} new)`,
      type: "object_above_max_properties",
    },
  ]);
}
