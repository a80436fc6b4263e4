import type { MetadataSuggestions } from "@runboard/contract";
import { Prisma, type SqlRunner } from "@runboard/db";

// Both walk run_metadata_entries' primary key (key, value, …) one distinct entry at a time (a
// "skip scan": each step is one index probe), so a key held by a million runs costs one probe,
// not a million rows. The walk stops at the first entry past the prefix, or at `limit`.

export function metadataKeysSql(prefix: string, limit: number): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE walk(key) AS (
      (SELECT key FROM run_metadata_entries WHERE key >= ${prefix} ORDER BY key LIMIT 1)
      UNION ALL
      SELECT (SELECT e.key FROM run_metadata_entries e WHERE e.key > walk.key ORDER BY e.key LIMIT 1)
      FROM walk WHERE walk.key IS NOT NULL AND starts_with(walk.key, ${prefix})
    )
    SELECT key FROM walk WHERE key IS NOT NULL AND starts_with(key, ${prefix}) LIMIT ${limit}`;
}

/** The distinct metadata keys starting with `prefix`, in order. */
export async function metadataKeys(sql: SqlRunner, prefix: string, limit: number): Promise<MetadataSuggestions> {
  const rows = await sql<{ key: string }>(metadataKeysSql(prefix, limit));
  return { object: "list", data: rows.map((r) => r.key) };
}

export function metadataValuesSql(key: string, prefix: string, limit: number): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE walk(value) AS (
      (SELECT value FROM run_metadata_entries WHERE key = ${key} AND value >= ${prefix} ORDER BY value LIMIT 1)
      UNION ALL
      SELECT (SELECT e.value FROM run_metadata_entries e WHERE e.key = ${key} AND e.value > walk.value
              ORDER BY e.value LIMIT 1)
      FROM walk WHERE walk.value IS NOT NULL AND starts_with(walk.value, ${prefix})
    )
    SELECT value FROM walk WHERE value IS NOT NULL AND starts_with(value, ${prefix}) LIMIT ${limit}`;
}

/** The distinct values of `key` starting with `prefix`, in order. */
export async function metadataValues(
  sql: SqlRunner,
  key: string,
  prefix: string,
  limit: number,
): Promise<MetadataSuggestions> {
  const rows = await sql<{ value: string }>(metadataValuesSql(key, prefix, limit));
  return { object: "list", data: rows.map((r) => r.value) };
}
