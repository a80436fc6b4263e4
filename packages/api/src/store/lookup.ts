import type { LookupIdResult } from "@runboard/contract";
import { Prisma, type SqlRunner } from "@runboard/db";

/**
 * What an id names, in one statement over three primary keys. Ids are unique within their table;
 * an id that is both (imported data could do that) is taken as the run, then the thread.
 */
export async function lookupId(sql: SqlRunner, id: string): Promise<LookupIdResult> {
  const [row] = await sql<{ kind: "run" | "thread" | "assistant"; thread_id: string | null }>(Prisma.sql`
    SELECT kind, thread_id FROM (
      SELECT 1 AS rank, 'run' AS kind, thread_id FROM runs WHERE id = ${id}
      UNION ALL SELECT 2, 'thread', id FROM threads WHERE id = ${id}
      UNION ALL SELECT 3, 'assistant', NULL FROM assistants WHERE id = ${id}
    ) found ORDER BY rank LIMIT 1`);
  if (!row) return { kind: "none", id };
  if (row.kind === "run") return { kind: "run", run_id: id, thread_id: row.thread_id as string };
  if (row.kind === "thread") return { kind: "thread", thread_id: id };
  return { kind: "assistant", assistant_id: id };
}
