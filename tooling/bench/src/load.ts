import { columnNames, IMPORTED_RUN_COLUMNS } from "@runboard/api/run-columns";
import pg from "pg";
import { withClient } from "./database.ts";
import { type AssistantRow, assistantRow, type DatasetSpec, planLayout, runRecord, threadId } from "./dataset.ts";

export interface LoadOptions {
  batchSize: number;
  /** Drop the runs table's secondary indexes and foreign keys during the load and rebuild them after. */
  rebuildIndexes: boolean;
  log?: (line: string) => void;
}

export interface LoadTimings {
  insertSeconds: number;
  indexSeconds: number;
  analyzeSeconds: number;
  totalSeconds: number;
  runsPerSecond: number;
}

// One statement per batch: the batch travels as one JSON array, unpacked by json_to_recordset
// (cheaper to build in Node than one array parameter per column, and it carries file_ids arrays).
// The columns are the store's registry; the records carry timestamps as ISO strings.
const RECORD_TYPES = IMPORTED_RUN_COLUMNS.map((c) => `${c.name} ${"timestamp" in c ? "timestamptz" : c.input}`);
const INSERT_RUNS = `
  INSERT INTO runs (${columnNames(IMPORTED_RUN_COLUMNS)}, updated_at)
  SELECT ${columnNames(IMPORTED_RUN_COLUMNS)}, created_at
  FROM json_to_recordset($1::json) AS t(${RECORD_TYPES.join(", ")})`;

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

interface Rebuild {
  indexes: string[];
  foreignKeys: { name: string; definition: string }[];
  /** run_metadata_entries' primary key, rebuilt after the table is filled in one pass. */
  entriesKey: string;
}

// What the runs triggers write row set by row set (see the run_metadata_entries migration), in
// one pass for a load that ran with triggers off.
const FILL_METADATA_ENTRIES = `
  INSERT INTO run_metadata_entries (key, value, created_at, run_id)
  SELECT e.key, e.value, r.created_at, r.id
  FROM runs r CROSS JOIN LATERAL jsonb_each_text(r.metadata) e
  WHERE e.value IS NOT NULL AND length(e.key) <= 64 AND length(e.value) <= 512`;

/** Takes the runs table's secondary indexes and foreign keys off, returning how to put them back exactly. */
async function dropSecondaryStructures(client: pg.Client): Promise<Rebuild> {
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT indexrelid::regclass::text AS name, pg_get_indexdef(indexrelid) AS definition
     FROM pg_index WHERE indrelid = 'runs'::regclass AND NOT indisprimary ORDER BY 1`,
  );
  const foreignKeys = await client.query<{ name: string; definition: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE conrelid = 'runs'::regclass AND contype = 'f' ORDER BY 1`,
  );
  const entriesKey = await client.query<{ definition: string }>(
    `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = 'run_metadata_entries'::regclass AND conname = 'run_metadata_entries_pkey'`,
  );
  for (const fk of foreignKeys.rows) await client.query(`ALTER TABLE runs DROP CONSTRAINT "${fk.name}"`);
  for (const index of indexes.rows) await client.query(`DROP INDEX "${index.name}"`);
  await client.query("ALTER TABLE run_metadata_entries DROP CONSTRAINT run_metadata_entries_pkey");
  return {
    indexes: indexes.rows.map((r) => r.definition),
    foreignKeys: foreignKeys.rows,
    entriesKey: entriesKey.rows[0]?.definition ?? "PRIMARY KEY (key, value, created_at, run_id)",
  };
}

/**
 * Rebuilds on three connections at once: a GIN index (if the schema has one) alone takes about as
 * long as all the btrees, and the metadata entries (filled while the triggers were off) about as
 * long again.
 */
async function restoreSecondaryStructures(url: string, rebuild: Rebuild): Promise<void> {
  const gin = rebuild.indexes.filter((d) => / USING gin /i.test(d));
  const others = rebuild.indexes.filter((d) => !gin.includes(d));
  const build = (definitions: string[]) =>
    withClient(url, async (client) => {
      await client.query("SET maintenance_work_mem = '512MB'");
      for (const definition of definitions) await client.query(definition);
    });
  const entries = withClient(url, async (client) => {
    await client.query("SET maintenance_work_mem = '512MB'");
    await client.query(FILL_METADATA_ENTRIES);
    await client.query(
      `ALTER TABLE run_metadata_entries ADD CONSTRAINT run_metadata_entries_pkey ${rebuild.entriesKey}`,
    );
  });
  await Promise.all([build(gin), build(others), entries]);
  await withClient(url, async (client) => {
    for (const fk of rebuild.foreignKeys) {
      await client.query(`ALTER TABLE runs ADD CONSTRAINT "${fk.name}" ${fk.definition}`);
    }
  });
}

async function insertParents(client: pg.Client, spec: DatasetSpec, assistants: AssistantRow[]): Promise<void> {
  await client.query(
    `INSERT INTO assistants (id, name, model, instructions, created_at)
     SELECT id, name, model, instructions, $2::timestamptz FROM json_to_recordset($1::json)
       AS t(id text, name text, model text, instructions text)`,
    [JSON.stringify(assistants), new Date(Date.UTC(2025, 0, 1))],
  );
  const ids = Array.from({ length: spec.threads }, (_, n) => threadId(n));
  await client.query(`INSERT INTO threads (id, created_at) SELECT id, $2::timestamptz FROM unnest($1::text[]) AS id`, [
    ids,
    new Date(Date.UTC(2025, 0, 1)),
  ]);
}

/**
 * Loads the data set into an empty, migrated database: parents first, then the runs in batches with
 * two statements in flight (Node builds the next batch while PostgreSQL writes one), then ANALYZE.
 */
export async function loadDataset(url: string, spec: DatasetSpec, options: LoadOptions): Promise<LoadTimings> {
  const log = options.log ?? (() => {});
  const started = process.hrtime.bigint();
  const assistants = Array.from({ length: spec.assistants }, (_, n) => assistantRow(n));
  const layout = planLayout(spec);
  const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
  let rebuild: Rebuild | null = null;
  try {
    for (const client of clients) {
      await client.connect();
      // A bench database: losing the last moments of a crashed load is fine; waiting for fsync is not.
      await client.query("SET synchronous_commit = off");
    }
    const [first] = clients as [pg.Client, pg.Client];
    await insertParents(first, spec, assistants);
    if (options.rebuildIndexes) {
      rebuild = await dropSecondaryStructures(first);
      // No triggers for these sessions: no live-update NOTIFY per loaded run (nobody listens to a
      // fixture load), and the foreign keys are checked in one pass when they are added back.
      for (const client of clients) await client.query("SET session_replication_role = replica");
    }

    const inFlight: Promise<unknown>[] = [];
    let reported = 0;
    for (let start = 0, batch = 0; start < spec.runs; start += options.batchSize, batch++) {
      const end = Math.min(spec.runs, start + options.batchSize);
      const rows = [];
      for (let i = start; i < end; i++) rows.push(runRecord(i, spec, layout, assistants));
      const client = clients[batch % clients.length] as pg.Client;
      if (inFlight.length >= clients.length) await inFlight.shift();
      inFlight.push(client.query(INSERT_RUNS, [JSON.stringify(rows)]));
      if (end - reported >= 100_000 || end === spec.runs) {
        log(`  ${end.toLocaleString("en-US")} runs generated (${seconds(started).toFixed(1)} s)`);
        reported = end;
      }
    }
    await Promise.all(inFlight);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => {})));
  }
  const insertSeconds = seconds(started);
  const indexStarted = process.hrtime.bigint();
  if (rebuild) {
    log("  rebuilding the runs indexes and foreign keys, filling run_metadata_entries");
    await restoreSecondaryStructures(url, rebuild);
  }
  const indexSeconds = seconds(indexStarted);
  const analyzeStarted = process.hrtime.bigint();
  await withClient(url, async (client) => {
    // Like a table autovacuum has seen: statistics for the planner, a visibility map for index-only scans.
    await client.query("VACUUM (ANALYZE) runs, threads, assistants, run_metadata_entries");
    await client.query(`COMMENT ON TABLE runs IS ${pg.escapeLiteral(`rb_bench dataset ${JSON.stringify(spec)}`)}`);
  });
  const analyzeSeconds = seconds(analyzeStarted);
  const totalSeconds = seconds(started);
  return { insertSeconds, indexSeconds, analyzeSeconds, totalSeconds, runsPerSecond: spec.runs / totalSeconds };
}

/** The spec the bench database was loaded with (written by loadDataset when it finished), or null. */
export async function loadedDataset(url: string): Promise<DatasetSpec | null> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ comment: string | null }>(
      "SELECT obj_description('runs'::regclass, 'pg_class') AS comment",
    );
    const match = /^rb_bench dataset (.*)$/.exec(rows[0]?.comment ?? "");
    return match ? (JSON.parse(match[1] as string) as DatasetSpec) : null;
  });
}
