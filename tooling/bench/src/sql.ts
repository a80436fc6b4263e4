// The statements the run service sends (packages/api/src/run/service.ts, packages/api/src/store/
// runs/{list,modify}.ts), copied as Prisma renders them — same text, same parameters in the same
// order — so that the baseline server asks PostgreSQL for exactly the same work. `pnpm bench`
// checks them against what the service renders before it times anything (./sql-check.ts) and
// stops if they drifted apart. The column lists come from the store's registry.

import { columnNames, RUN_COLUMNS_KEPT_BY_MODIFY, RUN_SELECT_LIST } from "@runboard/api/run-columns";
import type { Actor, RunStatus } from "@runboard/contract";

const METADATA_MAX_KEYS = 16;
const METADATA_KEY_MAX_LENGTH = 64;
const METADATA_VALUE_MAX_LENGTH = 512;

export const RUN_COLUMNS = RUN_SELECT_LIST;

// The modify answers the run's other columns as the locked row had them.
const FIXED_COLUMNS = columnNames(RUN_COLUMNS_KEPT_BY_MODIFY, "p");

export const GET_RUN = `
        SELECT ${RUN_COLUMNS} FROM runs WHERE id = $1 AND thread_id = $2`;

export const MODIFY_RUN = `
    WITH announced AS (SELECT set_config('runboard.announced', 'on', true)),
    current AS (
      SELECT ${RUN_COLUMNS}, ctid = (SELECT s.ctid FROM runs s WHERE s.id = runs.id) AS fresh
      FROM runs WHERE id = $1 AND thread_id = $2 AND EXISTS (SELECT FROM announced) FOR UPDATE
    ),
    planned AS (
      SELECT c.*,
        (c.metadata || $3::jsonb) - $4::text[] AS next,
        ($5::int[] IS NULL OR c.version = ANY($6::int[])) AS version_ok,
        set_config('runboard.entries', CASE WHEN c.fresh THEN 'on' ELSE 'off' END, true) AS entries_mark
      FROM current c
    ),
    changed AS (
      UPDATE runs r SET metadata = p.next, version = p.version + 1, updated_at = now()
      FROM planned p
      WHERE r.id = p.id AND p.version_ok AND p.next <> p.metadata AND p.entries_mark IS NOT NULL
        AND (SELECT count(*) FROM jsonb_object_keys(p.next)) <= $7
      RETURNING r.id, r.metadata, r.version
    ),
    gone AS (
      DELETE FROM run_metadata_entries m
      USING changed c JOIN planned p ON p.id = c.id,
        (SELECT jsonb_object_keys($8::jsonb) UNION ALL SELECT unnest($9::text[])) k(key)
      WHERE p.fresh AND m.key = k.key AND m.value = p.metadata ->> k.key
        AND m.created_at = p.created_at AND m.run_id = p.id
        AND (c.metadata ->> k.key) IS DISTINCT FROM (p.metadata ->> k.key)
    ),
    added AS (
      INSERT INTO run_metadata_entries (key, value, created_at, run_id)
      SELECT n.key, n.value, p.created_at, p.id
      FROM changed c JOIN planned p ON p.id = c.id CROSS JOIN jsonb_each_text($10::jsonb) n
      WHERE p.fresh AND (p.metadata ->> n.key) IS DISTINCT FROM n.value
        AND length(n.key) <= $11 AND length(n.value) <= $12
    ),
    revision AS (
      INSERT INTO run_revisions (run_id, version, metadata_before, metadata_after, actor_type, actor_id, actor_label, surface)
      SELECT c.id, c.version, p.metadata, c.metadata, $13::revision_actor_type, $14, $15,
        $16::revision_surface
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
    FROM planned p LEFT JOIN changed c ON c.id = p.id`;

/** What the modify statement reports: `changed` and `unchanged` answer the run, the others refuse. */
export type ModifyOutcome = "changed" | "unchanged" | "conflict" | "over_limit";

export type { Actor };

/** The modify statement's parameters for a change without an expected version. */
export function modifyParameters(
  threadId: string,
  runId: string,
  patch: Record<string, string | null>,
  surface: string,
  actor: Actor,
): unknown[] {
  const set = JSON.stringify(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null)));
  const remove = Object.keys(patch).filter((k) => patch[k] === null);
  return [
    runId,
    threadId,
    set,
    remove,
    null,
    null,
    METADATA_MAX_KEYS,
    set,
    remove,
    set,
    METADATA_KEY_MAX_LENGTH,
    METADATA_VALUE_MAX_LENGTH,
    actor.type,
    actor.id,
    actor.label,
    surface,
  ];
}

/**
 * The second baseline's Modify Run ("bare"): one UPDATE with the merge and the deletes and nothing
 * else — no limit, no expected version, no revision, no announcement. What a service with none of
 * Runboard's guarantees sends; run_metadata_entries is kept by the trigger, as for any plain SQL.
 */
export const BARE_MODIFY_RUN = `
    UPDATE runs SET metadata = (metadata || $3::jsonb) - $4::text[], version = version + 1, updated_at = now()
    WHERE id = $1 AND thread_id = $2
    RETURNING ${RUN_COLUMNS}`;

export function bareModifyParameters(threadId: string, runId: string, patch: Record<string, string | null>): unknown[] {
  const set = JSON.stringify(Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== null)));
  const remove = Object.keys(patch).filter((k) => patch[k] === null);
  return [runId, threadId, set, remove];
}

export interface ListFilter {
  thread_id?: string;
  assistant_id?: string;
  status?: RunStatus | RunStatus[];
  metadata?: Record<string, string>;
  limit: number;
}

/** The first page of run.list (newest first), as listRuns renders it; cursors are not needed here. */
export function listFirstPage(filter: ListFilter): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  const statuses = filter.status === undefined ? [] : [...new Set([filter.status].flat())];
  const metadata = filter.metadata && Object.keys(filter.metadata).length > 0 ? filter.metadata : null;
  const order = "ORDER BY created_at DESC, id DESC";
  const narrowed = statuses.length > 0 || filter.thread_id !== undefined || filter.assistant_id !== undefined;
  const CAP = 256;
  const runWhere = (withStatus: boolean, withMetadata: boolean) => {
    const where: string[] = [];
    if (filter.thread_id !== undefined) where.push(`thread_id = ${param(filter.thread_id)}`);
    if (filter.assistant_id !== undefined) where.push(`assistant_id = ${param(filter.assistant_id)}`);
    if (withStatus && statuses.length === 1) where.push(`status = ${param(statuses[0])}::run_status`);
    else if (withStatus && statuses.length > 1) where.push(`status = ANY(${param(statuses)}::run_status[])`);
    if (withMetadata && metadata) where.push(`metadata @> ${param(JSON.stringify(metadata))}::jsonb`);
    return where;
  };
  // The rarest pair of run_metadata_entries (counted up to the cap), and its count.
  const walkCte = (json: string) =>
    `WITH walk AS ( SELECT p.key, p.value, (SELECT count(*) FROM (SELECT 1 FROM run_metadata_entries m ` +
    `WHERE m.key = p.key AND m.value = p.value LIMIT ${param(CAP)}) c) AS runs ` +
    `FROM jsonb_each_text(${param(json)}::jsonb) p ORDER BY 3, p.key LIMIT 1 ) `;
  // One pair's entries in keyset order, each run fetched by primary key and checked whole.
  const walkPage = (json: string, onRun: () => string[], conditions: () => string[]) => {
    const lateral = [`id = e.run_id`, `metadata @> ${param(json)}::jsonb`, ...onRun()];
    return (
      `SELECT ${RUN_COLUMNS} FROM ( SELECT r.* FROM run_metadata_entries e CROSS JOIN LATERAL ` +
      `(SELECT * FROM runs WHERE ${lateral.join(" AND ")} OFFSET 0) r WHERE ${conditions().join(" AND ")} ` +
      `ORDER BY e.created_at DESC, e.run_id DESC LIMIT ${param(filter.limit + 1)} ) AS page`
    );
  };
  // The runs' own indexes: one keyset scan per status when several and nothing narrower, merged.
  const byIndex = () => {
    if (statuses.length > 1 && filter.thread_id === undefined && filter.assistant_id === undefined) {
      const branches = statuses.map((status) => {
        const where = [`status = ${param(status)}::run_status`, ...runWhere(false, true)];
        return `(SELECT ${RUN_COLUMNS} FROM runs WHERE ${where.join(" AND ")} ${order} LIMIT ${param(filter.limit + 1)})`;
      });
      // (the service's text starts with a line break here)
      return ` SELECT * FROM (${branches.join(" UNION ALL ")}) AS page ${order} LIMIT ${param(filter.limit + 1)}`;
    }
    const where = runWhere(true, true);
    const whereSql = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    return `SELECT ${RUN_COLUMNS} FROM runs ${whereSql} ${order} LIMIT ${param(filter.limit + 1)}`;
  };
  if (metadata && !narrowed) {
    // Metadata alone: walk the pair (the rarest, when several).
    const json = JSON.stringify(metadata);
    const pairs = Object.entries(metadata);
    const walk = pairs.length === 1 ? "" : walkCte(json);
    const [key, value] = pairs[0] as [string, string];
    const page = walkPage(
      json,
      () => [],
      () => [
        pairs.length === 1
          ? `e.key = ${param(key)} AND e.value = ${param(value)}`
          : "e.key = (SELECT key FROM walk) AND e.value = (SELECT value FROM walk)",
      ],
    );
    return { text: `${walk}SELECT * FROM (${page}) AS page ${order}`, values };
  }
  if (metadata) {
    // Metadata beside a thread, status or assistant: the walk when the pair is rare, else the index.
    const json = JSON.stringify(metadata);
    const walk = walkCte(json);
    const rare = () => `(SELECT runs FROM walk) < ${param(CAP)}`;
    const page = walkPage(
      json,
      () => runWhere(true, false),
      () => ["e.key = (SELECT key FROM walk) AND e.value = (SELECT value FROM walk)", rare()],
    );
    const indexed = byIndex();
    return {
      text: `${walk}SELECT * FROM ( (${page}) UNION ALL (SELECT * FROM (${indexed}) AS by_index WHERE NOT ${rare()}) ) AS page ${order}`,
      values,
    };
  }
  return { text: byIndex(), values };
}
