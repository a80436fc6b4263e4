import { readdir } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, checkDrift, MIGRATIONS_DIR, pendingMigrations } from "../src/migrate/index.ts";

// Runs against the real PostgreSQL server, each case on its own scratch database.
const BASE = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const tag = `${process.pid}_${Date.now().toString(36)}`;
const SEQ = `rb_mig_seq_${tag}`;
const PAR = `rb_mig_par_${tag}`;

function urlOf(db: string): string {
  const url = new URL(BASE);
  url.pathname = `/${db}`;
  return url.toString();
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const recorded = (db: string) =>
  withClient(urlOf(db), async (c) => {
    const { rows } = await c.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1",
    );
    return rows.map((r) => r.migration_name);
  });

let names: string[] = [];

beforeAll(async () => {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  await withClient(BASE, async (c) => {
    for (const db of [SEQ, PAR]) await c.query(`CREATE DATABASE "${db}"`);
  });
});

afterAll(async () => {
  await withClient(BASE, async (c) => {
    for (const db of [SEQ, PAR]) await c.query(`DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
  });
});

describe("migrations", () => {
  it("applies every pending migration once, then nothing", async () => {
    expect(names.length).toBeGreaterThan(0);
    const pending = () => withClient(urlOf(SEQ), (c) => pendingMigrations((sql) => c.query(sql)));

    expect(await pending()).toEqual(names); // no _prisma_migrations table yet
    expect((await applyMigrations(urlOf(SEQ))).applied).toEqual(names);
    expect(await pending()).toEqual([]);
    expect((await applyMigrations(urlOf(SEQ))).applied).toEqual([]);
    expect(await recorded(SEQ)).toEqual(names);
  });

  it("creates the schema objects the app relies on", async () => {
    await withClient(urlOf(SEQ), async (c) => {
      const tables = await c.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
      expect(tables.rows.map((r) => r.tablename)).toEqual(
        expect.arrayContaining(["assistants", "runs", "threads", "_prisma_migrations"]),
      );
      const enums = await c.query("SELECT 1 FROM pg_type WHERE typname = 'run_status' AND typtype = 'e'");
      expect(enums.rowCount).toBe(1);
      // run_metadata_entries answers metadata filters; runs has no GIN index, and room for HOT updates.
      const gin = await c.query("SELECT 1 FROM pg_indexes WHERE tablename = 'runs' AND indexdef ~* 'USING gin'");
      expect(gin.rowCount).toBe(0);
      const entries = await c.query("SELECT 1 FROM pg_indexes WHERE indexname = 'run_metadata_entries_pkey'");
      expect(entries.rowCount).toBe(1);
      const options = await c.query("SELECT reloptions FROM pg_class WHERE oid = 'runs'::regclass");
      expect(options.rows[0]?.reloptions).toEqual(["fillfactor=80"]);
    });
  });

  it("serialises concurrent runs: both succeed, each migration recorded once", async () => {
    const [a, b] = await Promise.all([applyMigrations(urlOf(PAR)), applyMigrations(urlOf(PAR))]);
    expect([...a.applied, ...b.applied].sort()).toEqual(names);
    expect(await recorded(PAR)).toEqual(names);
    const rows = await withClient(urlOf(PAR), (c) => c.query("SELECT count(*)::int AS n FROM _prisma_migrations"));
    expect(rows.rows[0].n).toBe(names.length);
  });

  it("has no drift between the migrations and prisma/schema.prisma", async () => {
    expect(await checkDrift(BASE)).toBe("");
  });
});
