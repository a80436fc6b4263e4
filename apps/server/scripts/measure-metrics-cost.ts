// Measures what the metrics cost per request (src/metrics.ts: the onResponse counter and histogram,
// the change feed's delivery-lag bookkeeping): the same server, wired as src/start.ts wires it (API
// only), with metrics on and off (RUNBOARD_METRICS), driven by autocannon (from tooling/bench) at a
// fixed concurrency. Reports req/s and the server's CPU per request (from /proc: steadier than req/s
// on a machine shared with the load generator and PostgreSQL).
//
//   pnpm --filter @runboard/server exec tsx scripts/measure-metrics-cost.ts [seconds=10] [connections=8] [rounds=2]
//
// Uses a fresh database cloned from the test template on TEST_DATABASE_URL's server (dropped at the end).
// MEASURE_MODES=on (or off) measures one side only; MEASURE_SCENARIOS=run.get keeps the scenarios
// whose name contains it.

import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { createAccountService, createAuth, createAuthServices, createRunService } from "@runboard/api";
import { createPrismaClient, poolOf } from "@runboard/db";
import { createTestDatabase, prepareTemplateDatabase } from "@runboard/db/testing";
import { buildApp } from "../src/app.ts";
import { createServerMetrics } from "../src/metrics.ts";
import { createRunChangeFeed } from "../src/notifications.ts";

const here = import.meta.dirname;
const SECRET = "measure-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";

/** The child: Runboard's API on DATABASE_URL, metrics on or off, until SIGTERM. */
async function serve(withMetrics: boolean) {
  const url = process.env.DATABASE_URL as string;
  const prisma = createPrismaClient(url);
  let metrics: ReturnType<typeof createServerMetrics> | undefined;
  const feed = createRunChangeFeed(
    url,
    (message) => console.error(message),
    withMetrics
      ? {
          delivered: (s) => metrics?.changeFeed.delivered(s),
          notified: () => metrics?.changeFeed.notified(),
          lostConnection: () => metrics?.changeFeed.lostConnection(),
        }
      : undefined,
  );
  if (withMetrics) {
    metrics = createServerMetrics({
      pools: { requests: () => poolOf(prisma), announcer: () => feed.announcer },
      feedConnected: () => feed.connected,
    });
  }
  const runService = createRunService({ prisma, changes: feed.changes });
  const { auth, resolver, accounts } = createAuthServices(prisma, {
    baseURL: "http://127.0.0.1",
    secret: SECRET,
    rateLimit: false,
    logger: { level: "error" },
  });
  const app = await buildApp({
    runService,
    runChanges: feed.source,
    readiness: async () => ({ ready: true }),
    startup: { done: true },
    logLevel: process.env.LOG_LEVEL ?? "warn",
    auth,
    resolver,
    accounts,
    metrics,
  });
  await feed.start();
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
  process.once("SIGTERM", async () => {
    await app.close();
    await feed.close();
    await prisma.$disconnect();
    process.exit(0);
  });
}

const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
}

async function start(withMetrics: boolean, databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const nodeArgs = process.env.MEASURE_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child = spawn(
    process.execPath,
    [...nodeArgs, "--import", "tsx", resolve(here, "measure-metrics-cost.ts"), "serve", String(withMetrics)],
    {
      cwd: resolve(here, ".."),
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<string>((done, fail) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (\d+)/.exec(out);
      if (match?.[1]) done(match[1]);
    });
    child.once("exit", (code) => fail(new Error(`server exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

interface Scenario {
  name: string;
  method: "GET" | "POST";
  path: string;
  body?: string;
}

/** autocannon's CLI (tooling/bench's dependency), in its own process like the bench runs it. */
function autocannon(url: string, scenario: Scenario, key: string, seconds: number, connections: number) {
  const bin = resolve(here, "../../../tooling/bench/node_modules/.bin/autocannon");
  const args = ["--json", "-c", String(connections), "-d", String(seconds), "-m", scenario.method];
  args.push("-H", `authorization=Bearer ${key}`);
  if (scenario.body) args.push("-H", "content-type=application/json", "-b", scenario.body);
  args.push(`${url}${scenario.path}`);
  const result = JSON.parse(execFileSync(bin, args, { encoding: "utf8", maxBuffer: 1 << 26 })) as {
    "2xx": number;
    non2xx: number;
    duration: number;
    requests: { total: number };
    latency: { p50: number; p99: number };
  };
  return result;
}

async function measure() {
  const [seconds = 10, connections = 8, rounds = 2] = process.argv.slice(2).map(Number);
  const db = await createTestDatabase(await prepareTemplateDatabase());
  const prisma = createPrismaClient(db.url);
  try {
    const auth = createAuth(prisma, {
      baseURL: "http://127.0.0.1",
      secret: SECRET,
      rateLimit: false,
      logger: { disabled: true },
    });
    const accounts = createAccountService({ auth, prisma });
    const owner = await accounts.createUser({
      email: "m@m.test",
      name: "M",
      password: "measure-password-1",
      role: "admin",
    });
    const key = (await accounts.createKey(owner.id, { name: "measure", scope: "read_write" })).key;
    await prisma.thread.createMany({ data: [{ id: "thread_m" }] });
    await prisma.assistant.createMany({ data: [{ id: "asst_m", model: "gpt-4o" }] });
    const statuses = ["completed", "failed", "in_progress", "queued"] as const;
    await prisma.run.createMany({
      data: Array.from({ length: 2_000 }, (_, i) => ({
        id: `run_m_${String(i).padStart(5, "0")}`,
        threadId: "thread_m",
        assistantId: "asst_m",
        status: statuses[i % statuses.length] as (typeof statuses)[number],
        createdAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
        model: "gpt-4o",
        instructions: "Be helpful.",
        metadata: { team: i % 3 === 0 ? "payments" : "search", n: String(i) },
      })),
    });
    await prisma.$disconnect();

    const ref = { thread_id: "thread_m", run_id: "run_m_00042" };
    const q = (input: unknown) => encodeURIComponent(JSON.stringify(input));
    const scenarios: Scenario[] = [
      { name: "tRPC run.get", method: "GET", path: `/api/trpc/run.get?input=${q(ref)}` },
      {
        name: "tRPC run.modify",
        method: "POST",
        path: "/api/trpc/run.modify",
        body: JSON.stringify({ ...ref, metadata: { touched: "yes" } }),
      },
      { name: "REST get", method: "GET", path: `/v1/threads/${ref.thread_id}/runs/${ref.run_id}` },
      // No database at all: the cheapest request, where the metrics' share is largest.
      { name: "healthz", method: "GET", path: "/healthz" },
    ];
    const modes = (process.env.MEASURE_MODES ?? "off,on").split(",");
    const only = process.env.MEASURE_SCENARIOS;
    const measured = scenarios.filter((s) => !only || s.name.includes(only));
    const rows: string[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const withMetrics of modes.map((mode) => mode === "on")) {
        const server = await start(withMetrics, db.url);
        try {
          for (const scenario of measured) {
            autocannon(server.url, scenario, key, 3, connections); // warm-up (JIT, pools, key cache)
            const before = cpuMs(server.child.pid as number);
            const r = autocannon(server.url, scenario, key, seconds, connections);
            const cpu = cpuMs(server.child.pid as number) - before;
            const load = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
            const row = [
              round,
              withMetrics ? "metrics on" : "metrics off",
              scenario.name,
              Math.round(r["2xx"] / r.duration),
              Math.round((cpu * 1000) / r.requests.total),
              r.latency.p50,
              r.latency.p99,
              r.non2xx,
              load,
            ].join("\t");
            rows.push(row);
            console.log(row);
          }
        } finally {
          server.child.kill("SIGTERM");
          await once(server.child, "exit");
        }
      }
    }
    console.log("\nround\tmode\tscenario\treq/s\tCPU µs/req\tp50 ms\tp99 ms\tnon-2xx\tload");
    console.log(rows.join("\n"));
  } finally {
    await prisma.$disconnect().catch(() => {});
    await db.drop();
  }
}

if (process.argv[2] === "serve") await serve(process.argv[3] === "true");
else await measure();
