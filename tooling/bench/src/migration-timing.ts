import { applyMigrations } from "@runboard/db";
import pg from "pg";
import { benchDatabaseUrl, withClient } from "./database.ts";

// `pnpm bench migrations`: applies the pending migrations to the loaded bench database while one
// connection reads runs by id, one lists by status and one updates rows, and reports how long each
// migration took (from _prisma_migrations) and the longest wait each of them saw meanwhile: how long
// a migration blocks reads and writes on a store of that size. To time a new migration on a big
// store, load it with the commit before (`pnpm bench load --runs 1000000` in a worktree of it),
// then run this here.

interface Sample {
  at: number;
  ms: number;
}

export async function runMigrationTiming(log: (line: string) => void = console.log): Promise<void> {
  const url = benchDatabaseUrl();
  const clients = [0, 1, 2].map(() => new pg.Client({ connectionString: url }));
  for (const client of clients) await client.connect();
  const [reader, lister, writer] = clients as [pg.Client, pg.Client, pg.Client];
  try {
    const ids = (await reader.query<{ id: string }>("SELECT id FROM runs ORDER BY id LIMIT 2000")).rows.map(
      (r) => r.id,
    );
    if (ids.length === 0) throw new Error("the bench database has no runs; run `pnpm bench load` first");
    const t0 = performance.now();
    let stop = false;
    const loop = async (client: pg.Client, out: Sample[], query: (i: number) => [string, unknown[]]) => {
      for (let i = 0; !stop; i++) {
        const started = performance.now();
        await client.query(...query(i));
        out.push({ at: started - t0, ms: performance.now() - started });
      }
    };
    const reads: Sample[] = [];
    const lists: Sample[] = [];
    const writes: Sample[] = [];
    const loops = [
      loop(reader, reads, (i) => ["SELECT * FROM runs WHERE id = $1", [ids[i % ids.length]]]),
      loop(lister, lists, () => [
        "SELECT id FROM runs WHERE status = 'failed' ORDER BY created_at DESC, id DESC LIMIT 20",
        [],
      ]),
      loop(writer, writes, (i) => ["UPDATE runs SET status = status WHERE id = $1", [ids[(i * 7) % ids.length]]]),
    ];
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const start = performance.now() - t0;
    const { applied } = await applyMigrations(url);
    const end = performance.now() - t0;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stop = true;
    await Promise.all(loops);
    const longest = (samples: Sample[]) =>
      Math.max(0, ...samples.filter((s) => s.at + s.ms >= start && s.at <= end).map((s) => s.ms)).toFixed(1);
    const median = (samples: Sample[]) => {
      const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
      return (sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2);
    };
    const runs = await withClient(url, async (c) =>
      Number((await c.query("SELECT count(*) AS n FROM runs")).rows[0].n),
    );
    const took = await withClient(url, (c) =>
      c.query<{ name: string; ms: string }>(
        `SELECT migration_name AS name, round(extract(epoch FROM finished_at - started_at) * 1000)::text AS ms
         FROM _prisma_migrations WHERE migration_name = ANY($1) ORDER BY migration_name`,
        [applied],
      ),
    );
    log(
      `on ${runs.toLocaleString("en-US")} runs: applied ${applied.length} migration(s) in ${((end - start) / 1000).toFixed(2)} s`,
    );
    for (const row of took.rows) log(`  ${row.name}: ${row.ms} ms`);
    log(
      `  longest wait while they ran: get ${longest(reads)} ms, status list ${longest(lists)} ms, single-row update ${longest(writes)} ms` +
        ` (median over the whole run: ${median(reads)}, ${median(lists)}, ${median(writes)} ms)`,
    );
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
