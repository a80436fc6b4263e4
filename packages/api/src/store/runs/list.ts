import {
  characterCount,
  type ListRunsQuery,
  METADATA_KEY_MAX_LENGTH,
  METADATA_VALUE_MAX_LENGTH,
  type RunList,
} from "@runboard/contract";
import { Prisma, type SqlRunner } from "@runboard/db";
import { InvalidCursorError } from "../../errors.ts";
import { type RunRow, toWireRun } from "./row.ts";
import { SELECT_RUN_COLUMNS } from "./select.ts";

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
  // Checked on each run an index found (run_metadata_entries, or the thread/status/assistant index).
  if (query.metadata && Object.keys(query.metadata).length > 0) {
    where.push(Prisma.sql`metadata @> ${JSON.stringify(query.metadata)}::jsonb`);
  }
  return where;
}

/** The cursor run's position, as a row subquery: the page statement finds it itself (one round trip). */
function cursorPosition(where: Prisma.Sql[], id: string): Prisma.Sql {
  return Prisma.sql`(SELECT created_at, id FROM runs WHERE ${Prisma.join([Prisma.sql`id = ${id}`, ...where], " AND ")})`;
}

/**
 * An empty page after a cursor is either the end of the list or a cursor that is not in it; only
 * then is the cursor looked up on its own, to tell the caller which.
 */
async function checkCursor(sql: SqlRunner, where: Prisma.Sql[], field: "after" | "before", id: string) {
  const rows = await sql<{ id: string }>(Prisma.sql`SELECT id FROM ${cursorPosition(where, id)} AS cursor`);
  if (rows.length === 0) {
    throw new InvalidCursorError([
      {
        loc: ["query", field],
        msg: `'${id}' is not a run in this list; use an id from a previous page`,
        type: "invalid_cursor",
      },
    ]);
  }
}

/**
 * The metadata filter's pairs, when run_metadata_entries can answer them (every pair within the
 * limits the table keeps), else null. With nothing narrower (no thread, status or assistant), a
 * list walks one pair's rows of `run_metadata_entries` in keyset order and fetches each run by its
 * primary key, checking the whole filter on it: the GIN index this replaced found a pair's runs
 * but not in (created_at, id) order, so a value on thousands of runs had to be read whole and
 * sorted (measured on 1M runs: first page p95 38 ms through GIN, 0.15 ms this way). Beside a
 * thread, status or assistant, see `guardedWalkSql`.
 */
function metadataWalk(query: ListRunsQuery): Record<string, string> | null {
  const pairs = Object.entries(query.metadata ?? {});
  // The table keeps only pairs within the contract's limits (see its migration).
  const indexed = pairs.every(
    ([key, value]) =>
      characterCount(key) <= METADATA_KEY_MAX_LENGTH && characterCount(value) <= METADATA_VALUE_MAX_LENGTH,
  );
  return pairs.length > 0 && indexed ? (query.metadata as Record<string, string>) : null;
}

function narrowedOtherwise(query: ListRunsQuery): boolean {
  return query.thread_id !== undefined || query.assistant_id !== undefined || statusesOf(query).length > 0;
}

// Which pair to walk when there are several: the one with the fewest runs, counted up to a cap
// (a walk of a rare pair reaches its page soonest; beyond the cap any pair finds it quickly).
const WALK_COUNT_CAP = 256;

/** The pair to walk: the one with the fewest runs (counted up to the cap), and that count. */
function walkCte(metadata: Record<string, string>) {
  return Prisma.sql`WITH walk AS (
          SELECT p.key, p.value, (SELECT count(*) FROM (SELECT 1 FROM run_metadata_entries m
            WHERE m.key = p.key AND m.value = p.value LIMIT ${WALK_COUNT_CAP}) c) AS runs
          FROM jsonb_each_text(${JSON.stringify(metadata)}::jsonb) p
          ORDER BY 3, p.key
          LIMIT 1
        ) `;
}

/**
 * The walk's page. The run is fetched in a LATERAL subquery that cannot be flattened (OFFSET 0):
 * as a plain join, a filter the planner misjudges (a second pair) turned it into a hash join over
 * a Seq Scan of runs (measured 70 ms on 100k runs instead of 2.5 ms). `runWhere` is the rest of
 * the filter (thread, status, assistant), checked on the fetched run too.
 */
function walkPageSql(
  metadata: Record<string, string>,
  runWhere: Prisma.Sql[],
  conditions: Prisma.Sql[],
  direction: Prisma.Sql,
  limit: number,
) {
  const filter = JSON.stringify(metadata);
  const onRun = [Prisma.sql`id = e.run_id`, Prisma.sql`metadata @> ${filter}::jsonb`, ...runWhere];
  return Prisma.sql`SELECT ${SELECT_RUN_COLUMNS} FROM (
      SELECT r.* FROM run_metadata_entries e
      CROSS JOIN LATERAL (SELECT * FROM runs WHERE ${Prisma.join(onRun, " AND ")} OFFSET 0) r
      WHERE ${Prisma.join(conditions, " AND ")}
      ORDER BY e.created_at ${direction}, e.run_id ${direction} LIMIT ${limit}
    ) AS page`;
}

/** Metadata alone: the walk of the rarest pair (or of the only one). */
function metadataWalkSql(metadata: Record<string, string>, keyset: Prisma.Sql[], direction: Prisma.Sql, limit: number) {
  const pairs = Object.entries(metadata);
  const [onlyKey, onlyValue] = pairs.length === 1 ? (pairs[0] as [string, string]) : [null, null];
  const walk = onlyKey === null ? walkCte(metadata) : Prisma.empty;
  const pair =
    onlyKey === null
      ? Prisma.sql`e.key = (SELECT key FROM walk) AND e.value = (SELECT value FROM walk)`
      : Prisma.sql`e.key = ${onlyKey} AND e.value = ${onlyValue}`;
  return Prisma.sql`${walk}SELECT * FROM (${walkPageSql(metadata, [], [pair, ...keyset], direction, limit)}) AS page
    ORDER BY created_at ${direction}, id ${direction}`;
}

/**
 * Metadata beside a thread, status or assistant. Two plans in one statement, one of which runs:
 * when the rarest pair has fewer than WALK_COUNT_CAP runs, the walk of that pair (checking the
 * rest of the filter on each run: at most that many primary-key fetches); otherwise the list's
 * own index (thread, status or assistant, `indexed`), checking the metadata on each run. Each
 * branch is gated by a one-time filter on the count, so the other is never executed. This is what
 * the GIN index on runs.metadata answered before (a bitmap of the pair's runs, then a sort).
 */
function guardedWalkSql(
  metadata: Record<string, string>,
  runWhere: Prisma.Sql[],
  keyset: Prisma.Sql[],
  indexed: Prisma.Sql,
  orderSql: Prisma.Sql,
  direction: Prisma.Sql,
  limit: number,
) {
  const pair = Prisma.sql`e.key = (SELECT key FROM walk) AND e.value = (SELECT value FROM walk)`;
  const rare = Prisma.sql`(SELECT runs FROM walk) < ${WALK_COUNT_CAP}`;
  return Prisma.sql`${walkCte(metadata)}SELECT * FROM (
      (${walkPageSql(metadata, runWhere, [pair, rare, ...keyset], direction, limit)})
      UNION ALL
      (SELECT * FROM (${indexed}) AS by_index WHERE NOT ${rare})
    ) AS page ${orderSql}`;
}

function keysetAfter(cursor: Prisma.Sql | null, descending: boolean, columns: Prisma.Sql) {
  if (!cursor) return [];
  return [descending ? Prisma.sql`(${columns}) < ${cursor}` : Prisma.sql`(${columns}) > ${cursor}`];
}

const RUN_KEYSET = Prisma.raw("created_at, id");
const ENTRY_KEYSET = Prisma.raw("e.created_at, e.run_id");

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
  const cursorId = cursorField ? (query[cursorField] as string) : null;
  const cursor = cursorId === null ? null : cursorPosition(where, cursorId);
  const direction = Prisma.raw(descending ? "DESC" : "ASC");
  const orderSql = Prisma.sql`ORDER BY created_at ${direction}, id ${direction}`;
  const limit = query.limit + 1;

  const branches = perStatusBranches(query);
  // The page through the runs' own indexes (thread, status, assistant, created_at).
  const byIndex = () => {
    if (branches) {
      const branchSql = branches.map((status) => {
        const branchWhere = [
          Prisma.sql`status = ${status}::run_status`,
          ...filters(query, "none"),
          ...keysetAfter(cursor, descending, RUN_KEYSET),
        ];
        return Prisma.sql`(SELECT ${SELECT_RUN_COLUMNS} FROM runs WHERE ${Prisma.join(branchWhere, " AND ")} ${orderSql} LIMIT ${limit})`;
      });
      return Prisma.sql`
      SELECT * FROM (${Prisma.join(branchSql, " UNION ALL ")}) AS page ${orderSql} LIMIT ${limit}`;
    }
    const conditions = [...where, ...keysetAfter(cursor, descending, RUN_KEYSET)];
    const whereSql = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
    return Prisma.sql`SELECT ${SELECT_RUN_COLUMNS} FROM runs ${whereSql} ${orderSql} LIMIT ${limit}`;
  };

  let rows: RunRow[];
  const walk = metadataWalk(query);
  if (walk && !narrowedOtherwise(query)) {
    rows = await sql<RunRow>(metadataWalkSql(walk, keysetAfter(cursor, descending, ENTRY_KEYSET), direction, limit));
  } else if (walk) {
    const runWhere = filters({ ...query, metadata: undefined });
    const keyset = keysetAfter(cursor, descending, ENTRY_KEYSET);
    rows = await sql<RunRow>(guardedWalkSql(walk, runWhere, keyset, byIndex(), orderSql, direction, limit));
  } else {
    rows = await sql<RunRow>(byIndex());
  }

  if (rows.length === 0 && cursorField && cursorId !== null) await checkCursor(sql, where, cursorField, cursorId);
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
