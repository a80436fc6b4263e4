import { idSchema, type Run, runSchema, toValidationDetail, type ValidationDetail } from "@runboard/contract";
import { Prisma, type PrismaClient } from "@runboard/db";
import { z } from "zod";

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
      if (value.includes("\u0000") || /\p{Surrogate}/u.test(value)) {
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

export type ParsedRun = { ok: true; run: Run } | { ok: false; detail: ValidationDetail[] };

/** Validates one value read from an import file. Unknown fields are errors unless told to drop them. */
export function parseImportedRun(value: unknown, options: { ignoreUnknownFields?: boolean } = {}): ParsedRun {
  const result = (options.ignoreUnknownFields ? lenientSchema : strictSchema).safeParse(value);
  if (result.success) return { ok: true, run: result.data as Run };
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
// jsonb_to_recordset, so assistants, threads and runs are written together (atomically), and the
// runs' foreign keys are checked at the end of the statement, after the sibling inserts.
// The conflict arm never moves a run to another thread (re-checked there, for a run stored by a
// concurrent import) and bumps the version only on a real change.
function upsertSql(batch: Run[]): Prisma.Sql {
  return Prisma.sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS t(
        id text, thread_id text, assistant_id text, status run_status, required_action jsonb, last_error jsonb,
        created_at bigint, expires_at bigint, started_at bigint, cancelled_at bigint, failed_at bigint,
        completed_at bigint, model text, instructions text, tools jsonb, file_ids text[], metadata jsonb)
    ),
    -- A run stored under another thread is rejected, and must not leave an empty thread behind.
    accepted AS (
      SELECT * FROM input
      WHERE NOT EXISTS (SELECT 1 FROM runs x WHERE x.id = input.id AND x.thread_id <> input.thread_id)
    ),
    new_assistants AS (
      INSERT INTO assistants (id, model, created_at)
      SELECT DISTINCT ON (assistant_id) assistant_id, model, to_timestamp(created_at) FROM accepted
      ORDER BY assistant_id, created_at
      ON CONFLICT (id) DO NOTHING
    ),
    new_threads AS (
      INSERT INTO threads (id, created_at)
      SELECT thread_id, to_timestamp(min(created_at)) FROM accepted GROUP BY thread_id
      ON CONFLICT (id) DO NOTHING
    )
    INSERT INTO runs AS r (id, thread_id, assistant_id, status, required_action, last_error, created_at,
      expires_at, started_at, cancelled_at, failed_at, completed_at, model, instructions, tools, file_ids, metadata)
    SELECT id, thread_id, assistant_id, status, required_action, last_error, to_timestamp(created_at),
      to_timestamp(expires_at), to_timestamp(started_at), to_timestamp(cancelled_at), to_timestamp(failed_at),
      to_timestamp(completed_at), model, instructions, tools, file_ids, metadata
    FROM accepted
    ON CONFLICT (id) DO UPDATE SET
      assistant_id = EXCLUDED.assistant_id, status = EXCLUDED.status, required_action = EXCLUDED.required_action,
      last_error = EXCLUDED.last_error, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
      started_at = EXCLUDED.started_at, cancelled_at = EXCLUDED.cancelled_at, failed_at = EXCLUDED.failed_at,
      completed_at = EXCLUDED.completed_at, model = EXCLUDED.model, instructions = EXCLUDED.instructions,
      tools = EXCLUDED.tools, file_ids = EXCLUDED.file_ids, metadata = EXCLUDED.metadata,
      version = r.version + 1, updated_at = now()
    WHERE r.thread_id = EXCLUDED.thread_id
      AND (r.assistant_id, r.status, r.required_action, r.last_error, r.created_at, r.expires_at, r.started_at,
        r.cancelled_at, r.failed_at, r.completed_at, r.model, r.instructions, r.tools,
        coalesce(r.file_ids, '{}'), r.metadata)
      IS DISTINCT FROM (EXCLUDED.assistant_id, EXCLUDED.status, EXCLUDED.required_action, EXCLUDED.last_error,
        EXCLUDED.created_at, EXCLUDED.expires_at, EXCLUDED.started_at, EXCLUDED.cancelled_at, EXCLUDED.failed_at,
        EXCLUDED.completed_at, EXCLUDED.model, EXCLUDED.instructions, EXCLUDED.tools, EXCLUDED.file_ids,
        EXCLUDED.metadata)
    RETURNING r.id, r.version`;
}

/**
 * Keeps one run per id (PostgreSQL refuses to upsert a row twice in one statement): a later copy
 * under the same thread replaces the earlier one, as importing line by line would; a later copy
 * under another thread is rejected, as it would be against the stored run.
 */
function dedupe(runs: readonly Run[], result: ImportResult): { run: Run; index: number }[] {
  const byId = new Map<string, { run: Run; index: number }>();
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

function threadConflict(run: Run, storedThread: string): string {
  return `run ${run.id} already exists in thread ${storedThread}, not in ${run.thread_id}; a run cannot move to another thread`;
}

async function upsert(prisma: PrismaClient, entries: { run: Run; index: number }[], result: ImportResult) {
  const written = await prisma.$queryRaw<{ id: string; version: number }[]>(upsertSql(entries.map((e) => e.run)));
  const writtenIds = new Set<string>();
  for (const row of written) {
    writtenIds.add(row.id);
    if (row.version === 1) result.inserted++;
    else result.updated++;
  }
  const skipped = entries.filter((e) => !writtenIds.has(e.run.id));
  if (skipped.length === 0) return;
  // Not written means: identical to what is stored, or stored under another thread. A run's
  // thread never changes once stored, so reading it after the upsert tells the two apart.
  const stored = await prisma.$queryRaw<{ id: string; thread_id: string }[]>`
    SELECT id, thread_id FROM runs WHERE id = ANY(${skipped.map((e) => e.run.id)}::text[])`;
  const threadOf = new Map(stored.map((row) => [row.id, row.thread_id]));
  for (const { run, index } of skipped) {
    const thread = threadOf.get(run.id);
    if (thread !== undefined && thread !== run.thread_id) {
      result.rejected.push({ index, id: run.id, reason: threadConflict(run, thread) });
    } else {
      result.unchanged++;
    }
  }
}

/** The SQLSTATE and message PostgreSQL gave, as Prisma's driver adapter passes them on. */
function postgresError(error: unknown): { code: string; message: string } | null {
  const cause = (
    error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; originalMessage?: unknown } } } }
  )?.meta?.driverAdapterError?.cause;
  if (typeof cause?.originalCode !== "string") return null;
  return { code: cause.originalCode, message: String(cause.originalMessage ?? "") };
}

/** "Data exception" (22) and "integrity constraint violation" (23): this data, not the connection. */
function isDataError(error: unknown): boolean {
  const code = postgresError(error)?.code ?? "";
  return code.startsWith("22") || code.startsWith("23");
}

/**
 * Upserts validated wire Runs (see `parseImportedRun`), creating the threads and assistants they
 * name (an assistant takes the model of its earliest run). Importing the same runs again leaves one
 * copy each, updated where the input differs. A run stored under another thread is rejected, not
 * moved. Give batches of about a thousand runs; each batch is one SQL statement.
 */
export async function importRuns(prisma: PrismaClient, runs: readonly Run[]): Promise<ImportResult> {
  const result: ImportResult = { inserted: 0, updated: 0, unchanged: 0, superseded: 0, rejected: [] };
  const entries = dedupe(runs, result);
  if (entries.length === 0) return result;
  try {
    await upsert(prisma, entries, result);
  } catch (error) {
    // Validation should leave nothing the database refuses; if it did, find the culprit runs one
    // at a time so that the rest of the batch is still imported.
    if (!isDataError(error)) throw error;
    for (const entry of entries) {
      try {
        await upsert(prisma, [entry], result);
      } catch (single) {
        if (!isDataError(single)) throw single;
        result.rejected.push({ index: entry.index, id: entry.run.id, reason: refusal(single) });
      }
    }
  }
  result.rejected.sort((a, b) => a.index - b.index);
  return result;
}

function refusal(error: unknown): string {
  const found = postgresError(error);
  return `the database refused this run: ${found?.message ?? String(error)} (SQLSTATE ${found?.code ?? "unknown"})`;
}
