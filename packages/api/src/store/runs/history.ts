import type { ActorType, Metadata, RunHistory, RunHistoryQuery, RunRevision, Surface } from "@runboard/contract";
import { Prisma, type SqlRunner } from "@runboard/db";
import { RunNotFoundError } from "../../errors.ts";
import { unixSeconds } from "./row.ts";

interface HistoryRow {
  run_id: string;
  thread_id: string;
  version: number | null;
  created_at: Date | null;
  actor_type: ActorType | null;
  actor_id: string | null;
  actor_label: string | null;
  surface: Surface | null;
  metadata_before: Metadata | null;
  metadata_after: Metadata | null;
}

function toWireRevision(row: HistoryRow): RunRevision {
  return {
    object: "thread.run.revision",
    run_id: row.run_id,
    thread_id: row.thread_id,
    version: row.version as number,
    created_at: unixSeconds(row.created_at as Date),
    actor: { type: row.actor_type as ActorType, id: row.actor_id, label: row.actor_label },
    surface: row.surface as Surface,
    metadata_before: row.metadata_before as Metadata,
    metadata_after: row.metadata_after as Metadata,
  };
}

/**
 * A run's revisions, newest first, in one query: the run is read too, so a run that does not exist
 * under this thread is NOT_FOUND (as for `get`) while a run with no changes yet is an empty page.
 * The (run_id, version) unique index serves both the lookup and the order.
 */
export async function listRunHistory(sql: SqlRunner, query: RunHistoryQuery): Promise<RunHistory> {
  const before = query.before_version ?? null;
  const rows = await sql<HistoryRow>(Prisma.sql`
    SELECT r.id AS run_id, r.thread_id, v.version, v.created_at, v.actor_type::text AS actor_type, v.actor_id,
      v.actor_label, v.surface::text AS surface, v.metadata_before, v.metadata_after
    FROM runs r
    LEFT JOIN LATERAL (
      SELECT * FROM run_revisions
      WHERE run_id = r.id AND (${before}::int IS NULL OR version < ${before}::int)
      ORDER BY version DESC
      LIMIT ${query.limit + 1}
    ) v ON true
    WHERE r.id = ${query.run_id} AND r.thread_id = ${query.thread_id}
    ORDER BY v.version DESC`);
  if (rows.length === 0) throw new RunNotFoundError(query.thread_id, query.run_id);
  const revisions = rows.filter((row) => row.version !== null);
  return {
    object: "list",
    data: revisions.slice(0, query.limit).map(toWireRevision),
    has_more: revisions.length > query.limit,
  };
}
