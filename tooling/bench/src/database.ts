import { applyMigrations } from "@runboard/db";
import { databaseUrl, TEST_DATABASE_URL, withClient } from "@runboard/db/testing";

export { withClient };

/**
 * The database every bench command works on; `pnpm bench` and `bench:load` recreate it. On a
 * machine shared by several checkouts, give each its own with `BENCH_DATABASE=rb_bench_<name>`.
 */
export const BENCH_DATABASE = process.env.BENCH_DATABASE || "rb_bench";
if (!/^[a-z_][a-z0-9_]*$/.test(BENCH_DATABASE))
  throw new Error(`BENCH_DATABASE must be a plain lower-case name, not '${BENCH_DATABASE}'`);

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1", ""]);

/** The PostgreSQL server to use (a user allowed to create databases), as the tests pick it. */
export function serverUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.BENCH_DATABASE_URL || TEST_DATABASE_URL;
  // The harness drops and recreates a database and floods the server: never aim it at another host.
  const host = new URL(url).hostname;
  if (!LOOPBACK.has(host)) throw new Error(`the bench only runs against a PostgreSQL on this machine, not '${host}'`);
  return url;
}

export function benchDatabaseUrl(server = serverUrl()): string {
  return databaseUrl(BENCH_DATABASE, server);
}

/** Drops and recreates the bench database and applies the project's migrations to it. */
export async function recreateBenchDatabase(server = serverUrl()): Promise<string> {
  await withClient(server, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${BENCH_DATABASE}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${BENCH_DATABASE}"`);
  });
  const url = benchDatabaseUrl(server);
  await applyMigrations(url);
  return url;
}

/** How many runs the bench database holds, or null when it does not exist (or has no runs table). */
export async function countBenchRuns(server = serverUrl()): Promise<number | null> {
  const exists = await withClient(server, (c) =>
    c.query("SELECT 1 FROM pg_database WHERE datname = $1", [BENCH_DATABASE]),
  );
  if (exists.rowCount === 0) return null;
  return withClient(benchDatabaseUrl(server), async (client) => {
    const table = await client.query("SELECT to_regclass('public.runs') AS t");
    if (table.rows[0]?.t === null) return null;
    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM runs");
    return Number(rows[0]?.n ?? 0);
  });
}
