import type { ListRunsQuery, RunList } from "@runboard/contract";
import { Prisma, type PrismaClient } from "@runboard/db";
import { InvalidCursorError } from "../errors.ts";
import { RUN_COLUMNS, type RunRow, toWireRun } from "./row.ts";

function filters(query: ListRunsQuery): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (query.thread_id !== undefined) where.push(Prisma.sql`thread_id = ${query.thread_id}`);
  if (query.assistant_id !== undefined) where.push(Prisma.sql`assistant_id = ${query.assistant_id}`);
  if (typeof query.status === "string") where.push(Prisma.sql`status = ${query.status}::run_status`);
  else if (query.status) where.push(Prisma.sql`status = ANY(${query.status}::run_status[])`);
  // Containment (@>) is what the GIN jsonb_path_ops index answers.
  if (query.metadata && Object.keys(query.metadata).length > 0) {
    where.push(Prisma.sql`metadata @> ${JSON.stringify(query.metadata)}::jsonb`);
  }
  return where;
}

async function cursorPosition(
  prisma: PrismaClient,
  where: Prisma.Sql[],
  field: "after" | "before",
  id: string,
): Promise<{ created_at: Date; id: string }> {
  const rows = await prisma.$queryRaw<{ created_at: Date; id: string }[]>`
    SELECT created_at, id FROM runs WHERE ${Prisma.join([Prisma.sql`id = ${id}`, ...where], " AND ")}`;
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
export async function listRuns(prisma: PrismaClient, query: ListRunsQuery): Promise<RunList> {
  const where = filters(query);
  const cursorField = query.after !== undefined ? "after" : query.before !== undefined ? "before" : null;
  // Going backwards reads the page in reverse order, then flips it.
  const backwards = cursorField === "before";
  const descending = (query.order === "desc") !== backwards;

  const conditions = [...where];
  if (cursorField) {
    const cursor = await cursorPosition(prisma, where, cursorField, query[cursorField] as string);
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

  const rows = await prisma.$queryRaw<RunRow[]>`
    SELECT ${RUN_COLUMNS} FROM runs ${whereSql} ${orderSql} LIMIT ${query.limit + 1}`;
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
