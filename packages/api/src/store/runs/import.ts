import { type Actor, ANONYMOUS_ACTOR } from "@runboard/contract";
import { Prisma, type SqlRunner } from "@runboard/db";
import type { RunChange } from "../../live/changes.ts";
import type { ImportedRun } from "../../run/imported-run.ts";
import { postgresErrorOf } from "../../unavailable.ts";
import { ANNOUNCED, ANNOUNCED_BY_SINK, type RunChangeSink, runChangeOf } from "../changes.ts";
import { columnNames, IMPORTED_RUN_COLUMNS } from "./columns.ts";
import type { RunRow } from "./row.ts";

export interface ImportRejection {
  /** Position in the array given to `importRuns`. */
  index: number;
  id: string;
  reason: string;
}

export interface ImportRunsOptions {
  /** Who the history records as making the metadata changes; anonymous by default. */
  actor?: Actor;
}

export interface ImportResult {
  inserted: number;
  updated: number;
  /** Already stored exactly so: nothing written, version unchanged. */
  unchanged: number;
  /** Runs given again later in the same batch; the later one is what gets stored. */
  superseded: number;
  rejected: ImportRejection[];
}

// The statement's column lists, from the registry. The input carries timestamps as Unix seconds.
const INPUT_TYPES = Prisma.raw(IMPORTED_RUN_COLUMNS.map((c) => `${c.name} ${c.input}`).join(", "));
const AS_STORED = Prisma.raw(
  IMPORTED_RUN_COLUMNS.map((c) => ("timestamp" in c ? `to_timestamp(${c.name}) AS ${c.name}` : c.name)).join(", "),
);
const INSERTED = Prisma.raw(columnNames(IMPORTED_RUN_COLUMNS));
// What an import may change on a stored run: everything but its address.
const CHANGEABLE = IMPORTED_RUN_COLUMNS.filter((c) => !("key" in c));
const STORED_VALUES = Prisma.raw(
  CHANGEABLE.map((c) => ("nullIs" in c ? `coalesce(r.${c.name}, ${c.nullIs})` : `r.${c.name}`)).join(", "),
);
const INPUT_VALUES = Prisma.raw(columnNames(CHANGEABLE, "a"));
const ASSIGNMENTS = Prisma.raw(CHANGEABLE.map((c) => `${c.name} = a.${c.name}`).join(", "));

// One statement per batch: the input travels as a single jsonb array and is unpacked by
// jsonb_to_recordset, so assistants, threads, runs and revisions are written together (atomically),
// and the runs' foreign keys are checked at the end of the statement, after the sibling inserts.
// - `announced` marks the write as reported to the change sink (see ANNOUNCED_BY_SINK); `input`
//   reads it, so it runs before anything is written.
// - `stored` is what the statement's snapshot holds under these ids (it tells new runs, runs of
//   another thread and unchanged runs apart).
// - `locked` takes the row lock of each stored run this batch changes. FOR UPDATE hands back the
//   latest committed row and re-checks the condition on it, so `metadata_before` is exactly what
//   the update replaces, even with a concurrent modify: the revision chain has no gaps.
// - `updated` bumps the version only for a real change and never moves a run to another thread;
//   `inserted` adds new runs (a run inserted concurrently by someone else is left alone and
//   reported back, and the caller tries it again as a stored run).
// - `revisions` records the runs whose metadata changed, as the rest of the API does.
function upsertSql(batch: readonly ImportedRun[], actor: Actor): Prisma.Sql {
  return Prisma.sql`
    WITH ${ANNOUNCED_BY_SINK},
    input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS t(${INPUT_TYPES})
      WHERE ${ANNOUNCED}
    ),
    stored AS (
      SELECT r.id, r.thread_id FROM runs r JOIN input i ON i.id = r.id
    ),
    -- A run stored under another thread is rejected, and must not leave an empty thread behind.
    accepted AS (
      SELECT ${AS_STORED}
      FROM input i
      WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.id = i.id AND s.thread_id <> i.thread_id)
    ),
    new_assistants AS (
      INSERT INTO assistants (id, model, created_at)
      SELECT DISTINCT ON (assistant_id) assistant_id, model, created_at FROM accepted
      ORDER BY assistant_id, created_at
      ON CONFLICT (id) DO NOTHING
    ),
    new_threads AS (
      INSERT INTO threads (id, created_at)
      SELECT thread_id, min(created_at) FROM accepted GROUP BY thread_id
      ON CONFLICT (id) DO NOTHING
    ),
    -- Carries the input columns along, so that the update joins nothing but the runs' primary key
    -- (a CTE has no statistics: joining two of them would be a nested loop over both).
    locked AS (
      SELECT a.*, r.metadata AS metadata_before
      FROM runs r JOIN accepted a ON a.id = r.id AND a.thread_id = r.thread_id
      WHERE (${STORED_VALUES}) IS DISTINCT FROM (${INPUT_VALUES})
      FOR UPDATE OF r
    ),
    updated AS (
      UPDATE runs r SET ${ASSIGNMENTS}, version = r.version + 1, updated_at = now()
      FROM locked a
      WHERE r.id = a.id
      RETURNING r.id, r.thread_id, r.status::text AS status, r.version, a.metadata_before, r.metadata AS metadata_after
    ),
    inserted AS (
      INSERT INTO runs (${INSERTED})
      SELECT ${INSERTED}
      FROM accepted a
      -- The statement's snapshot, as in "stored", but looked up through the primary key.
      WHERE NOT EXISTS (SELECT 1 FROM runs x WHERE x.id = a.id)
      ON CONFLICT (id) DO NOTHING
      RETURNING id, thread_id, status::text AS status, version
    ),
    revisions AS (
      INSERT INTO run_revisions (run_id, version, metadata_before, metadata_after, actor_type, actor_id, actor_label, surface)
      SELECT id, version, metadata_before, metadata_after, ${actor.type}::revision_actor_type, ${actor.id},
        ${actor.label}, 'import'::revision_surface
      FROM updated WHERE metadata_before <> metadata_after
    )
    SELECT id, 'inserted' AS outcome, thread_id, status, version FROM inserted
    UNION ALL SELECT id, 'updated', thread_id, status, version FROM updated
    UNION ALL SELECT s.id, 'stored', s.thread_id, NULL, NULL FROM stored s WHERE s.id NOT IN (SELECT id FROM updated)`;
}

/**
 * Keeps one run per id (PostgreSQL refuses to upsert a row twice in one statement): a later copy
 * under the same thread replaces the earlier one, as importing line by line would; a later copy
 * under another thread is rejected, as it would be against the stored run.
 */
function dedupe(runs: readonly ImportedRun[], result: ImportResult): Entry[] {
  const byId = new Map<string, Entry>();
  runs.forEach((run, index) => {
    const earlier = byId.get(run.id);
    if (earlier && earlier.run.thread_id !== run.thread_id) {
      result.rejected.push({ index, id: run.id, reason: threadConflict(run, earlier.run.thread_id) });
      return;
    }
    if (earlier) result.superseded++;
    byId.set(run.id, { run, index });
  });
  return [...byId.values()];
}

const ATTEMPTS = 3;

function threadConflict(run: ImportedRun, storedThread: string): string {
  return `run ${run.id} already exists in thread ${storedThread}, not in ${run.thread_id}; a run cannot move to another thread`;
}

/** One row per run the statement saw; a stored run it left alone has no status or version. */
interface Outcome {
  id: string;
  outcome: "inserted" | "updated" | "stored";
  thread_id: string;
  status: RunRow["status"] | null;
  version: number | null;
}

type Entry = { run: ImportedRun; index: number };

/** What every statement of one import shares. */
interface ImportContext {
  sql: SqlRunner;
  changes: RunChangeSink;
  actor: Actor;
}

/** The runs a statement inserted or changed, for the change sink. */
function changesOf(rows: readonly Outcome[]): RunChange[] {
  const changes: RunChange[] = [];
  for (const row of rows) {
    const { id, thread_id, status, version } = row;
    if (row.outcome === "stored" || status === null || version === null) continue;
    changes.push(runChangeOf({ id, thread_id, status, version }, row.outcome === "inserted" ? "insert" : "update"));
  }
  return changes;
}

/** One statement for these runs; returns the ones to try again (inserted concurrently by another writer). */
async function upsertOnce(context: ImportContext, entries: Entry[], result: ImportResult) {
  const rows = await context.sql<Outcome>(
    upsertSql(
      entries.map((e) => e.run),
      context.actor,
    ),
  );
  // The statement has committed: what it wrote is announced now, once.
  const changes = changesOf(rows);
  if (changes.length > 0) await context.changes.announce(changes);
  const outcomes = new Map(rows.map((row) => [row.id, row]));
  const retry: Entry[] = [];
  for (const entry of entries) {
    const found = outcomes.get(entry.run.id);
    if (found?.outcome === "inserted") result.inserted++;
    else if (found?.outcome === "updated") result.updated++;
    else if (found?.outcome === "stored" && found.thread_id !== entry.run.thread_id) {
      result.rejected.push({
        index: entry.index,
        id: entry.run.id,
        reason: threadConflict(entry.run, found.thread_id),
      });
    } else if (found?.outcome === "stored") result.unchanged++;
    else retry.push(entry);
  }
  return retry;
}

/** "Data exception" (22) and "integrity constraint violation" (23): this data, not the connection. */
function isDataError(error: unknown): boolean {
  const code = postgresErrorOf(error)?.code ?? "";
  return code.startsWith("22") || code.startsWith("23");
}

/**
 * Upserts validated wire Runs (see `parseImportedRun`), creating the threads and assistants they
 * name (an assistant takes the model of its earliest run). Importing the same runs again leaves one
 * copy each, updated where the input differs. A run stored under another thread is rejected, not
 * moved. A `version` in the input is ignored (each store counts its own): a new run starts at 1,
 * a changed one moves up by one, and a change of its metadata is recorded in its history (surface
 * `import`, by `options.actor`, anonymous by default). Give batches of about a thousand runs; each
 * batch is one SQL statement, and what it inserted or changed is reported to `changes`.
 */
export async function importRuns(
  sql: SqlRunner,
  changes: RunChangeSink,
  runs: readonly ImportedRun[],
  options: ImportRunsOptions = {},
): Promise<ImportResult> {
  const context: ImportContext = { sql, changes, actor: options.actor ?? ANONYMOUS_ACTOR };
  const result: ImportResult = { inserted: 0, updated: 0, unchanged: 0, superseded: 0, rejected: [] };
  let pending = dedupe(runs, result);
  // A run that another writer inserted between this statement's snapshot and its insert is tried
  // again, then as a stored run; colliding on every attempt would mean something is wrong.
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > ATTEMPTS) {
      throw new Error(
        `runs kept being inserted concurrently by another writer: ${pending.map((e) => e.run.id).join(", ")}`,
      );
    }
    try {
      pending = await upsertOnce(context, pending, result);
    } catch (error) {
      // Validation should leave nothing the database refuses; if it did, find the culprit runs one
      // at a time so that the rest of the batch is still imported.
      if (!isDataError(error)) throw error;
      const retry: Entry[] = [];
      for (const entry of pending) {
        try {
          retry.push(...(await upsertOnce(context, [entry], result)));
        } catch (single) {
          if (!isDataError(single)) throw single;
          result.rejected.push({ index: entry.index, id: entry.run.id, reason: refusal(single) });
        }
      }
      pending = retry;
    }
  }
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}

function refusal(error: unknown): string {
  const found = postgresErrorOf(error);
  return `the database refused this run: ${found?.message ?? String(error)} (SQLSTATE ${found?.code ?? "unknown"})`;
}
