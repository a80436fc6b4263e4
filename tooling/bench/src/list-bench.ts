import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { bearer, createBenchApiKey } from "./api-key.ts";
import { capturingRunService } from "./capture-sql.ts";
import { benchDatabaseUrl, serverUrl } from "./database.ts";
import { createGetClient } from "./http-client.ts";
import { type ListFilterInput, listCases, midSizeCustomers } from "./list-cases.ts";
import { type CaseResult, type Latency, type ListResults, listMarkdown, type SweepResult } from "./list-report.ts";
import { loadedDataset } from "./load.ts";
import { describeMachine } from "./machine.ts";
import { percentile } from "./measure.ts";
import { explain, type PlanSummary } from "./plan.ts";
import { startRunboard } from "./servers.ts";
import { writeResults } from "./write-results.ts";

export interface ListBenchOptions {
  requests: number;
  page: number;
  limit: number;
  outDir: string;
}

interface ListPage {
  result?: { data?: { last_id: string | null; has_more: boolean } };
}

const TIME_BUDGET_MS = 15_000;
const round = (value: number) => Math.round(value * 100) / 100;

function latency(times: number[]): Latency {
  const sorted = Float64Array.from(times).sort();
  return {
    samples: times.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** The measuring session: the server, a keep-alive client, and the service's statements for EXPLAIN. */
async function openSession(url: string, limit: number) {
  const logs = await mkdtemp(join(tmpdir(), "runboard-bench-"));
  const server = await startRunboard({ databaseUrl: url, logFile: join(logs, "runboard.log"), logLevel: "warn" });
  const client = createGetClient(server.url, { authorization: bearer(await createBenchApiKey(url)) });
  const capturing = capturingRunService(url);
  const explainClient = new pg.Client({ connectionString: url });
  await explainClient.connect();
  const path = (filter: ListFilterInput, after?: string) =>
    `/api/trpc/run.list?input=${encodeURIComponent(JSON.stringify({ ...filter, limit, after }))}`;
  return {
    /** The server's log; removed after a run that succeeded. */
    logs,
    async page(filter: ListFilterInput, after?: string) {
      const response = await client.get(path(filter, after));
      if (response.status !== 200) throw new Error(`run.list: HTTP ${response.status}: ${response.body.slice(0, 300)}`);
      const data = (JSON.parse(response.body) as ListPage).result?.data;
      return { ms: response.ms, last_id: data?.last_id ?? null, has_more: data?.has_more ?? false };
    },
    /** EXPLAIN ANALYZE of the page statement the service sends for this call. */
    async plan(filter: ListFilterInput, after?: string): Promise<PlanSummary> {
      const statements = await capturing.capture((s) =>
        s.list({ ...filter, limit, order: "desc", after } as Parameters<typeof s.list>[0]),
      );
      const statement = statements.at(-1);
      if (!statement) throw new Error("the service sent no statement");
      return explain(explainClient, statement, true);
    },
    async close() {
      client.close();
      await explainClient.end();
      await capturing.close();
      await server.stop();
    },
  };
}

type Session = Awaited<ReturnType<typeof openSession>>;

async function timePage(session: Session, filter: ListFilterInput, after: string | undefined, requests: number) {
  for (let i = 0; i < 5; i++) await session.page(filter, after); // warm-up
  const times: number[] = [];
  // A slow page gets fewer samples (at least 10) rather than minutes of the run.
  const deadline = Date.now() + TIME_BUDGET_MS;
  for (let i = 0; i < requests && (i < 10 || Date.now() < deadline); i++)
    times.push((await session.page(filter, after)).ms);
  return latency(times);
}

async function measureCase(session: Session, name: string, filter: ListFilterInput, options: ListBenchOptions) {
  // Walk the cursors once, as a user paging forward would, to find the deep page's cursor.
  const walkStarted = process.hrtime.bigint();
  let current = await session.page(filter);
  let after: string | undefined;
  let page = 1;
  while (page < options.page && current.has_more && current.last_id) {
    after = current.last_id;
    current = await session.page(filter, after);
    page++;
  }
  const result: CaseResult = {
    name,
    filter,
    walkSeconds: round(Number(process.hrtime.bigint() - walkStarted) / 1e9),
    pages: [],
  };
  for (const [number, cursor] of page > 1
    ? ([
        [1, undefined],
        [page, after],
      ] as const)
    : ([[1, undefined]] as const)) {
    const timing = await timePage(session, filter, cursor, options.requests);
    const plan = await session.plan(filter, cursor);
    result.pages.push({ page: number, ...timing, plan });
    console.log(
      `  ${name.padEnd(50)} page ${String(number).padStart(5)}: p50 ${timing.p50} ms  p95 ${timing.p95} ms  ` +
        `(PostgreSQL ${round(plan.executionMs ?? 0)} ms, ${plan.indexes.join(", ") || "no index"})`,
    );
  }
  return result;
}

/** The first page for each of many mid-size customers: where a single picked value would be luck. */
async function customerSweep(session: Session, url: string): Promise<SweepResult | null> {
  const customers = await midSizeCustomers(url, 1_000, 12_000, 100);
  if (customers.length === 0) return null;
  const times: number[] = [];
  const postgres: number[] = [];
  const plans: Record<string, number> = {};
  for (const customer of customers) {
    const filter = { metadata: { customer_id: customer } };
    await session.page(filter);
    for (let i = 0; i < 3; i++) times.push((await session.page(filter)).ms);
    const plan = await session.plan(filter);
    postgres.push(plan.executionMs ?? 0);
    // A Sort over what the GIN index found is the whole match sorted; the walk's Sort is its one page.
    const gin = plan.indexes.includes("runs_metadata_gin_idx");
    const shape =
      gin && plan.nodes.some((n) => n.startsWith("Sort")) ? "GIN + Sort" : plan.indexes.join(", ") || "no index";
    plans[shape] = (plans[shape] ?? 0) + 1;
  }
  const pg = Float64Array.from(postgres).sort();
  const sweep: SweepResult = {
    name: `by metadata customer_id, each of ${customers.length} customers with 1,000–12,000 runs`,
    customers: customers.length,
    ...latency(times),
    postgresP50: round(percentile(pg, 50)),
    postgresMax: round(pg[pg.length - 1] ?? 0),
    plans,
  };
  console.log(
    `  ${sweep.name}: p50 ${sweep.p50} ms  p95 ${sweep.p95} ms  max ${sweep.max} ms  ` +
      `(PostgreSQL p50 ${sweep.postgresP50} ms, max ${sweep.postgresMax} ms; ${JSON.stringify(plans)})`,
  );
  return sweep;
}

/** `pnpm bench list`: run.list through the real server (tRPC) on the loaded data set, page 1 and page N. */
export async function runListBench(options: ListBenchOptions): Promise<ListResults> {
  const url = benchDatabaseUrl(serverUrl());
  const dataset = await loadedDataset(url).catch(() => null);
  if (!dataset) {
    throw new Error("the bench database is not loaded: run `pnpm bench load --runs 1000000 --threads 10000` first");
  }
  const machine = await describeMachine(url);
  const cases = await listCases(url);
  const session = await openSession(url, options.limit);
  const results: ListResults = {
    machine,
    dataset,
    limit: options.limit,
    requests: options.requests,
    cases: [],
    sweep: null,
  };
  try {
    console.log(`run.list on ${dataset.runs.toLocaleString("en-US")} runs, ${options.limit} per page`);
    for (const { name, filter } of cases) results.cases.push(await measureCase(session, name, filter, options));
    results.sweep = await customerSweep(session, url);
  } finally {
    await session.close();
  }
  await rm(session.logs, { recursive: true, force: true });
  await writeResults(options.outDir, {
    "list.json": `${JSON.stringify(results, null, 2)}\n`,
    "list.md": listMarkdown(results),
  });
  console.log(`written: ${join(options.outDir, "list.md")}, list.json`);
  return results;
}
