import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { capturingRunService } from "../src/capture-sql.ts";
import { explain, type PlanSummary } from "../src/plan.ts";

// Keyset pagination is only as good as the plan behind it: on a table large enough for the planner
// to care, each list view must read its page through the index built for it — never a Seq Scan of
// runs — on the first page and after a cursor alike. The statements are the run service's own,
// captured as it sends them, and EXPLAINed with their parameters.

const RUNS = 200_000;
const THREADS = 2_000;
const ASSISTANTS = 50;

// One statement: 200k runs, threads interleaved in time, 1 % each of the rarer statuses, and
// metadata shaped like a service's (env, team, customer, sometimes a ticket).
const LOAD = `
  INSERT INTO assistants (id, model) SELECT 'asst_' || a, 'gpt-4o' FROM generate_series(0, ${ASSISTANTS - 1}) a;
  INSERT INTO threads (id, created_at) SELECT 'thread_' || t, '2026-01-01' FROM generate_series(0, ${THREADS - 1}) t;
  INSERT INTO runs (id, thread_id, assistant_id, status, created_at, model, instructions, metadata)
  SELECT 'run_' || lpad(i::text, 7, '0'), 'thread_' || ((i * 7919) % ${THREADS}), 'asst_' || (i % ${ASSISTANTS}),
    (CASE WHEN i % 100 < 80 THEN 'completed' WHEN i % 100 < 88 THEN 'failed' WHEN i % 100 < 92 THEN 'cancelled'
      WHEN i % 100 < 96 THEN 'expired' WHEN i % 100 = 96 THEN 'queued' WHEN i % 100 = 97 THEN 'in_progress'
      WHEN i % 100 = 98 THEN 'requires_action' ELSE 'cancelling' END)::run_status,
    timestamptz '2026-01-01' + i * interval '7 seconds', 'gpt-4o', 'You are a helpful assistant.',
    jsonb_build_object('env', (ARRAY['prod', 'staging', 'dev'])[1 + i % 3], 'team', 'team_' || (i % 8),
      'customer_id', 'cus_' || (i * 31 % 5000)) || CASE WHEN i % 10 = 0 THEN jsonb_build_object('ticket', 'SUP-' || i) ELSE '{}' END
  FROM generate_series(1, ${RUNS}) i;
  ANALYZE runs;
  ANALYZE run_metadata_entries;`;

type Filter = {
  thread_id?: string;
  assistant_id?: string;
  status?: string | string[];
  metadata?: Record<string, string>;
};

const CASES: { name: string; filter: Filter; index: string }[] = [
  { name: "by thread", filter: { thread_id: "thread_17" }, index: "runs_thread_created_idx" },
  { name: "by status", filter: { status: "cancelling" }, index: "runs_status_created_idx" },
  {
    name: "by several statuses",
    filter: { status: ["requires_action", "cancelling"] },
    index: "runs_status_created_idx",
  },
  {
    name: "by thread and several statuses",
    filter: { thread_id: "thread_17", status: ["completed", "failed"] },
    index: "runs_thread_created_idx",
  },
  { name: "by assistant", filter: { assistant_id: "asst_7" }, index: "runs_assistant_created_idx" },
  { name: "by metadata", filter: { metadata: { customer_id: "cus_1234" } }, index: "run_metadata_entries_pkey" },
  {
    name: "by two metadata pairs",
    filter: { metadata: { env: "prod", team: "team_3" } },
    index: "run_metadata_entries_pkey",
  },
  {
    name: "by assistant and metadata",
    filter: { assistant_id: "asst_7", metadata: { env: "prod" } },
    index: "runs_assistant_created_idx",
  },
  { name: "with no filter", filter: {}, index: "runs_created_idx" },
];

let db: TestDatabase;
let client: pg.Client;
let capturing: ReturnType<typeof capturingRunService>;

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(LOAD);
  capturing = capturingRunService(db.url);
});

afterAll(async () => {
  await capturing?.close();
  await client?.end();
  await db?.drop();
});

/** The one statement the service sends for this list call (a cursor is found inside it). */
async function pageStatement(filter: Filter, after?: string) {
  const statements = await capturing.capture((service) =>
    service.list({ ...filter, limit: 20, order: "desc", after } as Parameters<typeof service.list>[0]),
  );
  expect(statements, "one round trip a page").toHaveLength(1);
  return statements[0] as (typeof statements)[number];
}

function describePlan(plan: PlanSummary): string {
  return plan.nodes.join(" → ");
}

describe.each(CASES)("run.list $name", ({ filter, index }) => {
  it(`reads the first page through ${index}, without a Seq Scan`, async () => {
    const plan = await explain(client, await pageStatement(filter));
    expect(plan.seqScans, describePlan(plan)).not.toContain("runs");
    expect(plan.seqScans, describePlan(plan)).not.toContain("run_metadata_entries");
    expect(plan.indexes, describePlan(plan)).toContain(index);
  });

  it(`reads a page after a cursor through ${index}, finding the cursor by primary key in the same statement`, async () => {
    // A cursor a page or more in, as a user paging forward holds it (the smallest list has 40 runs).
    const first = await capturing.service.list({ ...filter, limit: 25, order: "desc" } as Parameters<
      typeof capturing.service.list
    >[0]);
    const after = first.last_id;
    expect(after, "the list needs more than one page").not.toBeNull();
    const plan = await explain(client, await pageStatement(filter, after ?? undefined));
    expect(plan.indexes, describePlan(plan)).toContain("runs_pkey");
    expect(plan.seqScans, describePlan(plan)).not.toContain("runs");
    expect(plan.indexes, describePlan(plan)).toContain(index);
  });
});
