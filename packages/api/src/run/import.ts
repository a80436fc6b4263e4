import {
  type Actor,
  ANONYMOUS_ACTOR,
  hasUnstorable,
  idSchema,
  type Run,
  runSchema,
  toValidationDetail,
  type ValidationDetail,
} from "@runboard/contract";
import { Prisma, type PrismaClient } from "@runboard/db";
import { z } from "zod";
import { RUN_CHANGES_CHANNEL } from "../live/changes.ts";
import { postgresErrorOf } from "../unavailable.ts";

// 9999-12-31T23:59:59Z: past it PostgreSQL's timestamptz overflows and the whole batch would fail.
const MAX_UNIX_SECONDS = 253_402_300_799;
const timestamp = z.number().int().min(0, "must not be negative").max(MAX_UNIX_SECONDS, "is after the year 9999");

/**
 * What an imported line must be: the contract's Run, with ids that the API can address later
 * (`idSchema`) and timestamps PostgreSQL can store.
 */
const importedRunShape = {
  ...runSchema.shape,
  id: idSchema,
  thread_id: idSchema,
  assistant_id: idSchema,
  created_at: timestamp,
  expires_at: timestamp.nullable(),
  started_at: timestamp.nullable(),
  cancelled_at: timestamp.nullable(),
  failed_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
  // An export carries each run's version; a store counts its own versions, so it is accepted (so
  // that an export imports as it is) and otherwise ignored.
  version: runSchema.shape.version.optional(),
};

// Strict by default: a field Runboard does not store would be dropped on import, and an export
// would then no longer equal the file it came from.
const strictSchema = z.strictObject(importedRunShape).superRefine(rejectUnstorableText);
const lenientSchema = z.object(importedRunShape).superRefine(rejectUnstorableText);

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or an unpaired surrogate; one such string would fail
 * its whole batch, so it is a validation error of its own line instead. (Metadata checks its own.)
 */
function rejectUnstorableText(run: Record<string, unknown>, ctx: z.core.$RefinementCtx<Record<string, unknown>>) {
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === "string") {
      if (hasUnstorable(value)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: "contains a NUL character or an unpaired surrogate, which cannot be stored",
          params: { type: "invalid_string" },
        });
      }
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, [...path, i]);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  for (const [key, value] of Object.entries(run)) if (key !== "metadata") visit(value, [key]);
}

/** A Run as an import file holds it: `version` may be there (exports write it) and is ignored. */
export type ImportedRun = Omit<Run, "version"> & { version?: number };

export type ParsedRun = { ok: true; run: ImportedRun } | { ok: false; detail: ValidationDetail[] };

/** Validates one value read from an import file. Unknown fields are errors unless told to drop them. */
export function parseImportedRun(value: unknown, options: { ignoreUnknownFields?: boolean } = {}): ParsedRun {
  const result = (options.ignoreUnknownFields ? lenientSchema : strictSchema).safeParse(value);
  if (result.success) return { ok: true, run: result.data as ImportedRun };
  return { ok: false, detail: toValidationDetail(result.error.issues) };
}

export interface ImportRejection {
  /** Position in the array given to `importRuns`. */
  index: number;
  id: string;
  reason: string;
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

// One statement per batch: the input travels as a single jsonb array and is unpacked by
// jsonb_to_recordset, so assistants, threads, runs and revisions are written together (atomically),
// and the runs' foreign keys are checked at the end of the statement, after the sibling inserts.
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
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS t(
        id text, thread_id text, assistant_id text, status run_status, required_action jsonb, last_error jsonb,
        created_at bigint, expires_at bigint, started_at bigint, cancelled_at bigint, failed_at bigint,
        completed_at bigint, model text, instructions text, tools jsonb, file_ids text[], metadata jsonb)
    ),
    stored AS (
      SELECT r.id, r.thread_id FROM runs r JOIN input i ON i.id = r.id
    ),
    -- A run stored under another thread is rejected, and must not leave an empty thread behind.
    accepted AS (
      SELECT id, thread_id, assistant_id, status, required_action, last_error, to_timestamp(created_at) AS created_at,
        to_timestamp(expires_at) AS expires_at, to_timestamp(started_at) AS started_at,
        to_timestamp(cancelled_at) AS cancelled_at, to_timestamp(failed_at) AS failed_at,
        to_timestamp(completed_at) AS completed_at, model, instructions, tools, file_ids, metadata
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
      WHERE (r.assistant_id, r.status, r.required_action, r.last_error, r.created_at, r.expires_at, r.started_at,
          r.cancelled_at, r.failed_at, r.completed_at, r.model, r.instructions, r.tools, coalesce(r.file_ids, '{}'),
          r.metadata)
        IS DISTINCT FROM (a.assistant_id, a.status, a.required_action, a.last_error, a.created_at, a.expires_at,
          a.started_at, a.cancelled_at, a.failed_at, a.completed_at, a.model, a.instructions, a.tools, a.file_ids,
          a.metadata)
      FOR UPDATE OF r
    ),
    updated AS (
      UPDATE runs r SET
        assistant_id = a.assistant_id, status = a.status, required_action = a.required_action,
        last_error = a.last_error, created_at = a.created_at, expires_at = a.expires_at, started_at = a.started_at,
        cancelled_at = a.cancelled_at, failed_at = a.failed_at, completed_at = a.completed_at, model = a.model,
        instructions = a.instructions, tools = a.tools, file_ids = a.file_ids, metadata = a.metadata,
        version = r.version + 1, updated_at = now()
      FROM locked a
      WHERE r.id = a.id
      RETURNING r.id, r.version, a.metadata_before, r.metadata AS metadata_after
    ),
    inserted AS (
      INSERT INTO runs (id, thread_id, assistant_id, status, required_action, last_error, created_at, expires_at,
        started_at, cancelled_at, failed_at, completed_at, model, instructions, tools, file_ids, metadata)
      SELECT id, thread_id, assistant_id, status, required_action, last_error, created_at, expires_at, started_at,
        cancelled_at, failed_at, completed_at, model, instructions, tools, file_ids, metadata
      FROM accepted a
      -- The statement's snapshot, as in "stored", but looked up through the primary key.
      WHERE NOT EXISTS (SELECT 1 FROM runs x WHERE x.id = a.id)
      ON CONFLICT (id) DO NOTHING
      RETURNING id
    ),
    revisions AS (
      INSERT INTO run_revisions (run_id, version, metadata_before, metadata_after, actor_type, actor_id, actor_label, surface)
      SELECT id, version, metadata_before, metadata_after, ${actor.type}::revision_actor_type, ${actor.id},
        ${actor.label}, 'import'::revision_surface
      FROM updated WHERE metadata_before <> metadata_after
    )
    SELECT id, 'inserted' AS outcome, NULL AS thread_id FROM inserted
    UNION ALL SELECT id, 'updated', NULL FROM updated
    UNION ALL SELECT s.id, 'stored', s.thread_id FROM stored s WHERE s.id NOT IN (SELECT id FROM updated)`;
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

type Outcome = { id: string; outcome: "inserted" | "updated" | "stored"; thread_id: string | null };

/**
 * Tells open pages about changed runs, after the batch committed and outside it: a NOTIFY inside
 * the writing transaction would serialize commits (new runs are announced by the insert trigger).
 */
async function announceUpdates(prisma: PrismaClient, ids: string[]) {
  if (ids.length === 0) return;
  await prisma.$executeRaw`
    SELECT pg_notify(${RUN_CHANGES_CHANNEL}, json_build_object(
      'run_id', id, 'thread_id', thread_id, 'status', status, 'version', version, 'op', 'update')::text)
    FROM runs WHERE id = ANY(${ids}::text[])`;
}
type Entry = { run: ImportedRun; index: number };

/** One statement for these runs; returns the ones to try again (inserted concurrently by another writer). */
async function upsertOnce(prisma: PrismaClient, entries: Entry[], result: ImportResult, actor: Actor) {
  const rows = await prisma.$queryRaw<Outcome[]>(
    upsertSql(
      entries.map((e) => e.run),
      actor,
    ),
  );
  const outcomes = new Map(rows.map((row) => [row.id, row]));
  await announceUpdates(
    prisma,
    rows.filter((row) => row.outcome === "updated").map((row) => row.id),
  );
  const retry: Entry[] = [];
  for (const entry of entries) {
    const found = outcomes.get(entry.run.id);
    if (found?.outcome === "inserted") result.inserted++;
    else if (found?.outcome === "updated") result.updated++;
    else if (found?.outcome === "stored" && found.thread_id !== entry.run.thread_id) {
      result.rejected.push({
        index: entry.index,
        id: entry.run.id,
        reason: threadConflict(entry.run, found.thread_id ?? ""),
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
 * batch is one SQL statement.
 */
export async function importRuns(
  prisma: PrismaClient,
  runs: readonly ImportedRun[],
  options: { actor?: Actor } = {},
): Promise<ImportResult> {
  const actor = options.actor ?? ANONYMOUS_ACTOR;
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
      pending = await upsertOnce(prisma, pending, result, actor);
    } catch (error) {
      // Validation should leave nothing the database refuses; if it did, find the culprit runs one
      // at a time so that the rest of the batch is still imported.
      if (!isDataError(error)) throw error;
      const retry: Entry[] = [];
      for (const entry of pending) {
        try {
          retry.push(...(await upsertOnce(prisma, [entry], result, actor)));
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
