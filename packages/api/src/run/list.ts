import type { ListRunsQuery, RunList } from "@runboard/contract";
import { Prisma, type SqlRunner } from "@runboard/db";
import { InvalidCursorError } from "../errors.ts";
import { RUN_COLUMNS, type RunRow, toWireRun } from "./row.ts";

function statusesOf(query: ListRunsQuery): string[] {
  if (query.status === undefined) return [];
  return [...new Set(typeof query.status === "string" ? [query.status] : query.status)];
}

/**
 * Several statuses and nothing narrower (no thread, no assistant): one keyset scan of the
 * (status, created_at, id) index per status, merged. A single `status = ANY(…)` scan would walk
 * the created_at index and filter, which is slow when the statuses are rare (measured: ~450 ms
 * for a deep page of two rare statuses among 1M runs).
 */
function perStatusBranches(query: ListRunsQuery): string[] | null {
  const statuses = statusesOf(query);
  return statuses.length > 1 && query.thread_id === undefined && query.assistant_id === undefined ? statuses : null;
}

function filters(query: ListRunsQuery, status: "all" | "none" = "all"): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (query.thread_id !== undefined) where.push(Prisma.sql`thread_id = ${query.thread_id}`);
  if (query.assistant_id !== undefined) where.push(Prisma.sql`assistant_id = ${query.assistant_id}`);
  const statuses = statusesOf(query);
  if (status === "all" && statuses.length === 1) where.push(Prisma.sql`status = ${statuses[0]}::run_status`);
  else if (status === "all" && statuses.length > 1) where.push(Prisma.sql`status = ANY(${statuses}::run_status[])`);
  // Containment (@>) is what the GIN jsonb_path_ops index answers.
  if (query.metadata && Object.keys(query.metadata).length > 0) {
    where.push(Prisma.sql`metadata @> ${JSON.stringify(query.metadata)}::jsonb`);
  }
  return where;
}

async function cursorPosition(
  sql: SqlRunner,
  where: Prisma.Sql[],
  field: "after" | "before",
  id: string,
): Promise<{ created_at: Date; id: string }> {
  const rows = await sql<{ created_at: Date; id: string }>(Prisma.sql`
    SELECT created_at, id FROM runs WHERE ${Prisma.join([Prisma.sql`id = ${id}`, ...where], " AND ")}`);
  const row = rows[0];
  if (!row) {
    throw new InvalidCursorError([
      {
        loc: ["query", field],
        msg: `'${id}' is not a run in this list; use an id from a previous page`,
        type: "invalid_cursor",
      },
    ]);
  }
  return row;
}

/**
 * Keyset pagination over (created_at, id), as OpenAI's cursors work: `after` continues in the
 * list's order, `before` goes back towards its start. Each filter has an index on
 * (filter, created_at, id), so a page costs the same at page 1 and page 1,000.
 */
export async function listRuns(sql: SqlRunner, query: ListRunsQuery): Promise<RunList> {
  const where = filters(query);
  const cursorField = query.after !== undefined ? "after" : query.before !== undefined ? "before" : null;
  // Going backwards reads the page in reverse order, then flips it.
  const backwards = cursorField === "before";
  const descending = (query.order === "desc") !== backwards;

  const conditions = [...where];
  if (cursorField) {
    const cursor = await cursorPosition(sql, where, cursorField, query[cursorField] as string);
    conditions.push(
      descending
        ? Prisma.sql`(created_at, id) < (${cursor.created_at}, ${cursor.id})`
        : Prisma.sql`(created_at, id) > (${cursor.created_at}, ${cursor.id})`,
    );
  }
  const whereSql = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const orderSql = descending
    ? Prisma.sql`ORDER BY created_at DESC, id DESC`
    : Prisma.sql`ORDER BY created_at ASC, id ASC`;

  const limit = query.limit + 1;
  const branches = perStatusBranches(query);
  const rows = branches
    ? await sql<RunRow>(Prisma.sql`
        SELECT * FROM (${Prisma.join(
          branches.map((status) => {
            const branchWhere = [
              Prisma.sql`status = ${status}::run_status`,
              ...filters(query, "none"),
              ...conditions.slice(where.length),
            ];
            return Prisma.sql`(SELECT ${RUN_COLUMNS} FROM runs WHERE ${Prisma.join(branchWhere, " AND ")} ${orderSql} LIMIT ${limit})`;
          }),
          " UNION ALL ",
        )}) AS page ${orderSql} LIMIT ${limit}`)
    : await sql<RunRow>(Prisma.sql`
        SELECT ${RUN_COLUMNS} FROM runs ${whereSql} ${orderSql} LIMIT ${limit}`);
  const has_more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (backwards) page.reverse();
  const data = page.map(toWireRun);
  return {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more,
  };
}
