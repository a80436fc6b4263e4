import type { Run, RunStatus } from "@runboard/contract";
import { Prisma, type SqlRunner } from "@runboard/db";
import { type RunRow, toWireRun } from "./row.ts";
import { SELECT_RUN_COLUMNS } from "./select.ts";

export interface ExportRunsOptions {
  thread_id?: string;
  status?: RunStatus | readonly RunStatus[];
  /** Rows per query; memory holds one batch at a time. */
  batchSize?: number;
}

const DEFAULT_BATCH_SIZE = 1000;

function filters(options: ExportRunsOptions): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (options.thread_id !== undefined) where.push(Prisma.sql`thread_id = ${options.thread_id}`);
  if (typeof options.status === "string") where.push(Prisma.sql`status = ${options.status}::run_status`);
  else if (options.status && options.status.length > 0) {
    where.push(Prisma.sql`status = ANY(${[...options.status]}::run_status[])`);
  }
  return where;
}

/**
 * Every matching run in the wire shape, oldest first (created_at, then id), read in keyset-paged
 * batches so that an export of millions of runs uses the memory of one batch. The order is stable,
 * so exporting the same data twice gives the same bytes. Batches are separate queries: a run
 * modified while the export runs is exported as it was when its batch was read.
 */
export async function* exportRuns(sql: SqlRunner, options: ExportRunsOptions = {}): AsyncGenerator<Run> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const where = filters(options);
  let cursor: { created_at: Date; id: string } | undefined;
  for (;;) {
    const conditions = cursor ? [...where, Prisma.sql`(created_at, id) > (${cursor.created_at}, ${cursor.id})`] : where;
    const whereSql = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
    const rows = await sql<RunRow>(Prisma.sql`
      SELECT ${SELECT_RUN_COLUMNS} FROM runs ${whereSql} ORDER BY created_at, id LIMIT ${batchSize}`);
    for (const row of rows) yield toWireRun(row);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    cursor = { created_at: last.created_at, id: last.id };
  }
}
