import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterEach, describe, expect, inject, it } from "vitest";
import { withClient } from "../src/database.ts";
import { DEFAULT_DATASET } from "../src/dataset.ts";
import { loadDataset } from "../src/load.ts";

// The loader either keeps every trigger and index on, or (the fast path `pnpm bench load` takes)
// switches them off and rebuilds afterwards. Either way the database must end up as if every run
// had been written through Runboard: same indexes and keys, and the metadata index table complete.

const SCHEMA = `
  SELECT string_agg(pg_get_indexdef(indexrelid), E'\\n' ORDER BY pg_get_indexdef(indexrelid)) AS indexes,
    (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), E'\\n' ORDER BY conname)
     FROM pg_constraint WHERE conrelid IN ('runs'::regclass, 'run_metadata_entries'::regclass)) AS constraints
  FROM pg_index WHERE indrelid IN ('runs'::regclass, 'run_metadata_entries'::regclass)`;

// Pairs in runs.metadata without an entry, or entries without their pair: both must be none.
const MISMATCHES = `
  SELECT count(*)::int AS n FROM (
    SELECT e.key, e.value, r.created_at, r.id FROM runs r CROSS JOIN LATERAL jsonb_each_text(r.metadata) e
  ) pairs FULL JOIN run_metadata_entries m
    ON (m.key, m.value, m.created_at, m.run_id) = (pairs.key, pairs.value, pairs.created_at, pairs.id)
  WHERE pairs.id IS NULL OR m.run_id IS NULL`;

let db: TestDatabase | undefined;
afterEach(async () => {
  await db?.drop();
  db = undefined;
});

describe("loadDataset", () => {
  it.each([true, false])(
    "leaves the schema as migrated and every metadata pair indexed (rebuild indexes: %s)",
    async (rebuildIndexes) => {
      db = await createTestDatabase(inject("templateDatabase"));
      const url = db.url;
      const before = await withClient(url, async (client) => (await client.query(SCHEMA)).rows[0]);
      await loadDataset(url, { ...DEFAULT_DATASET, runs: 3_000, threads: 40 }, { batchSize: 700, rebuildIndexes });
      await withClient(url, async (client) => {
        expect((await client.query(SCHEMA)).rows[0]).toEqual(before);
        expect((await client.query("SELECT count(*)::int AS n FROM runs")).rows[0].n).toBe(3_000);
        const entries = (await client.query("SELECT count(*)::int AS n FROM run_metadata_entries")).rows[0].n;
        expect(entries).toBeGreaterThan(3_000);
        expect((await client.query(MISMATCHES)).rows[0].n).toBe(0);
      });
    },
  );
});
