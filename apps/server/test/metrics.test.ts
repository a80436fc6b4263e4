import { insertRuns } from "@runboard/api/testing";
import { bearer, TEST_PASSWORD, testAccounts } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ConfigError, readConfig } from "../src/config.ts";
import { freePort, type ServerProcess, startServer } from "./server-process.ts";

// What an operator sees: Prometheus scraping GET /metrics (with a `metrics` key, or an admin's
// session, or on RUNBOARD_METRICS_PORT without either), and a request id on every response that
// also names the request in the log and in a 5xx body.

const THREAD = "thread_metrics";

let db: TestDatabase;
let prisma: PrismaClient;
let server: ServerProcess;
let runId: string;
let keys: Record<"read" | "read_write" | "metrics", { authorization: string }>;

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
  const accounts = testAccounts(prisma);
  keys = {
    read: bearer((await accounts.key("read", "metrics-test-read")).key),
    read_write: bearer((await accounts.key("read_write", "metrics-test-rw")).key),
    metrics: bearer((await accounts.key("metrics", "prometheus")).key),
  };
  await accounts.user("admin", "admin@metrics.test");
  await accounts.user("viewer", "viewer@metrics.test");
  [runId] = (await insertRuns(prisma, [{ threadId: THREAD }])) as [string];
  server = await startServer({ DATABASE_URL: db.url, RUNBOARD_SEED_DEMO: "false" });
  await server.ready;
});

afterAll(async () => {
  await server?.stop();
  await prisma?.$disconnect();
  await db?.drop();
});

async function scrape(headers: Record<string, string> = keys.metrics, url = `${server.url}/metrics`) {
  const response = await fetch(url, { headers });
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one sample line, e.g. `name{a="b"}`; undefined when absent. */
function sample(body: string, series: string): number | undefined {
  const line = body.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function signIn(email: string): Promise<{ cookie: string }> {
  const response = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return {
    cookie: response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
}

describe("GET /metrics", () => {
  it("counts the requests made, by route pattern, method and status, never by their ids", async () => {
    const runUrl = `${server.url}/v1/threads/${THREAD}/runs/${runId}`;
    for (let i = 0; i < 3; i++) expect((await fetch(runUrl, { headers: keys.read })).status).toBe(200);
    const missing = `${server.url}/v1/threads/${THREAD}/runs/run_does_not_exist`;
    expect((await fetch(missing, { headers: keys.read })).status).toBe(404);
    expect((await fetch(`${server.url}/no/such/page-42`)).status).toBe(404);
    const trpc = `${server.url}/api/trpc/run.get?input=${encodeURIComponent(JSON.stringify({ thread_id: THREAD, run_id: runId }))}`;
    expect((await fetch(trpc, { headers: keys.read })).status).toBe(200);

    const body = await scrape();
    const route = 'route="/v1/threads/:thread_id/runs/:run_id"';
    expect(sample(body, `runboard_http_requests_total{method="GET",${route},status="200"}`)).toBe(3);
    expect(sample(body, `runboard_http_requests_total{method="GET",${route},status="404"}`)).toBe(1);
    expect(sample(body, 'runboard_http_requests_total{method="GET",route="(unmatched)",status="404"}')).toBe(1);
    expect(sample(body, 'runboard_http_requests_total{method="GET",route="/api/trpc/run.get",status="200"}')).toBe(1);
    // The latency histogram of the same requests: every bucket, and the count.
    expect(sample(body, `runboard_http_request_duration_seconds_count{method="GET",${route},status="200"}`)).toBe(3);
    expect(
      sample(body, `runboard_http_request_duration_seconds_bucket{le="+Inf",method="GET",${route},status="200"}`),
    ).toBe(3);
    expect(body).toContain("# TYPE runboard_http_request_duration_seconds histogram");
    // Ids and raw URLs never become label values.
    expect(body).not.toContain(runId);
    expect(body).not.toContain("run_does_not_exist");
    expect(body).not.toContain("page-42");
  });

  it("reports the PostgreSQL pools, the change feed and Node's process metrics", async () => {
    const body = await scrape();
    expect(sample(body, 'runboard_db_pool_max{pool="requests"}')).toBe(10);
    expect(sample(body, 'runboard_db_pool_size{pool="requests"}')).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'runboard_db_pool_in_use{pool="requests"}')).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'runboard_db_pool_waiting{pool="requests"}')).toBe(0);
    expect(sample(body, 'runboard_db_pool_max{pool="announcer"}')).toBe(2);
    expect(sample(body, "runboard_change_feed_connected")).toBe(1);
    expect(sample(body, "runboard_change_feed_connection_losses_total")).toBe(0);
    for (const name of [
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(sample(body, name), name).toBeGreaterThanOrEqual(0);
    }
  });

  it("measures the change feed's delivery lag of this instance's writes", async () => {
    const before = sample(await scrape(), "runboard_change_feed_delivery_lag_seconds_count") ?? 0;
    const modify = await fetch(`${server.url}/v1/threads/${THREAD}/runs/${runId}`, {
      method: "POST",
      headers: { ...keys.read_write, "content-type": "application/json" },
      body: JSON.stringify({ metadata: { scraped: "yes" } }),
    });
    expect(modify.status).toBe(200);
    // The change comes back on the LISTEN connection shortly after; wait for it to be counted.
    let body = await scrape();
    while ((sample(body, "runboard_change_feed_delivery_lag_seconds_count") ?? 0) === before) {
      await new Promise((r) => setTimeout(r, 50));
      body = await scrape();
    }
    expect(sample(body, "runboard_change_feed_delivery_lag_seconds_count")).toBe(before + 1);
    expect(sample(body, "runboard_change_feed_notifications_total")).toBeGreaterThanOrEqual(1);
    expect(sample(body, "runboard_change_feed_delivery_lag_seconds_sum")).toBeGreaterThan(0);
  });

  it("answers an admin's session and a metrics key; 401 without credentials, 403 to a viewer or a read key", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    for (const headers of [keys.read, keys.read_write, await signIn("viewer@metrics.test")]) {
      const response = await fetch(`${server.url}/metrics`, { headers });
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: "insufficient_permissions" } });
    }
    await scrape(await signIn("admin@metrics.test"));
    await scrape(keys.metrics);
    // A metrics key scrapes, and reads no runs.
    const run = await fetch(`${server.url}/v1/threads/${THREAD}/runs/${runId}`, { headers: keys.metrics });
    expect(run.status).toBe(403);
  });
});

describe("request ids", () => {
  it("every response names its request id, and the request's log line carries the same id", async () => {
    const response = await fetch(`${server.url}/v1/threads/${THREAD}/runs/${runId}`, { headers: keys.read });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const ids = new Set([id]);
    for (let i = 0; i < 3; i++) ids.add((await fetch(`${server.url}/healthz`)).headers.get("x-request-id"));
    expect(ids.size).toBe(4);
    const line = await logLineOf(id as string);
    expect(line).toMatchObject({ reqId: id, route: "/v1/threads/:thread_id/runs/:run_id", status: 200 });
  });

  it("a well-formed X-Request-Id sent by the caller (or its proxy) is used; anything else is replaced", async () => {
    const sent = "edge-7f3a.42:retry_1";
    const kept = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": sent } });
    expect(kept.headers.get("x-request-id")).toBe(sent);
    expect(await logLineOf(sent)).toMatchObject({ reqId: sent, route: "/healthz" });
    for (const bad of ['forged" "status":200', "x".repeat(129), "two words"]) {
      const replaced = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": bad } });
      expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});

/** The server's one log line for the request with this id (waits for it: logs are written after the response). */
async function logLineOf(id: string, of: ServerProcess = server): Promise<Record<string, unknown>> {
  for (;;) {
    const line = of
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.reqId === id && l.msg === "request");
    if (line) return line;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("RUNBOARD_METRICS_PORT, and a 5xx", () => {
  let separate: ServerProcess;
  let metricsPort: number;

  beforeAll(async () => {
    // A database that does not answer: every API call is a 503, and the change feed is down.
    const nowhere = `postgres://postgres@127.0.0.1:${await freePort()}/runboard`;
    metricsPort = await freePort();
    separate = await startServer({
      DATABASE_URL: nowhere,
      RUNBOARD_MIGRATE_ON_START: "false",
      RUNBOARD_SEED_DEMO: "false",
      RUNBOARD_METRICS_PORT: String(metricsPort),
    });
    await separate.ready;
  });

  afterAll(async () => {
    await separate?.stop();
  });

  it("serves /metrics on that port without credentials, and not on the main port", async () => {
    expect(separate.output()).toContain(`runboard: metrics on port ${metricsPort}`);
    expect((await fetch(`${separate.url}/metrics`, { headers: keys.metrics })).status).toBe(404);
    const body = await scrape({}, `http://127.0.0.1:${metricsPort}/metrics`);
    expect(sample(body, "runboard_change_feed_connected")).toBe(0);
    expect(sample(body, "runboard_change_feed_connection_losses_total")).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'runboard_http_requests_total{method="GET",route="(unmatched)",status="404"}')).toBe(1);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/v1/threads`)).status).toBe(404);
  });

  it("a 5xx body names the request id of its response and log line, on REST and tRPC", async () => {
    const rest = await fetch(`${separate.url}/v1/threads/${THREAD}/runs/${runId}`, { headers: keys.read });
    expect(rest.status).toBe(503);
    const restId = rest.headers.get("x-request-id");
    expect(await rest.json()).toMatchObject({ error: { type: "server_error", request_id: restId } });
    expect(await logLineOf(restId as string, separate)).toMatchObject({ status: 503 });

    const input = encodeURIComponent(JSON.stringify({ thread_id: THREAD, run_id: runId }));
    for (const path of ["run.get", "run.get,run.list"]) {
      const batch = path.includes(",");
      const url = `${separate.url}/api/trpc/${path}?${batch ? `batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { thread_id: THREAD, run_id: runId }, 1: { thread_id: THREAD } }))}` : `input=${input}`}`;
      const trpc = await fetch(url, {
        headers: { "x-request-id": `trpc-${batch ? "batch" : "single"}`, ...keys.read },
      });
      expect(trpc.status).toBe(503);
      const body = (await trpc.json()) as unknown;
      const errors = (batch ? (body as unknown[]) : [body]) as { error: { data: Record<string, unknown> } }[];
      for (const { error } of errors) {
        expect(error.data).toMatchObject({
          code: "SERVICE_UNAVAILABLE",
          requestId: `trpc-${batch ? "batch" : "single"}`,
        });
      }
    }
  });
});

describe("configuration", () => {
  const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

  it("reads RUNBOARD_METRICS, RUNBOARD_METRICS_PORT and the OTEL_* variables, refusing what it cannot use", () => {
    expect(readConfig(env({}))).toMatchObject({ metrics: true, metricsPort: undefined, tracing: undefined });
    expect(readConfig(env({ RUNBOARD_METRICS: "false" })).metrics).toBe(false);
    expect(readConfig(env({ RUNBOARD_METRICS_PORT: "9464" })).metricsPort).toBe(9464);
    expect(() => readConfig(env({ RUNBOARD_METRICS: "maybe" }))).toThrow(/RUNBOARD_METRICS must be true or false/);
    expect(() => readConfig(env({ RUNBOARD_METRICS_PORT: "http" }))).toThrow(
      /RUNBOARD_METRICS_PORT must be a whole number from 0 to 65535, got 'http'/,
    );
    expect(() => readConfig(env({ PORT: "4000", RUNBOARD_METRICS_PORT: "4000" }))).toThrow(/another port than PORT/);
    expect(() => readConfig(env({ RUNBOARD_METRICS: "false", RUNBOARD_METRICS_PORT: "9464" }))).toThrow(ConfigError);

    expect(readConfig(env({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318" })).tracing).toEqual({
      endpoint: "http://collector:4318",
      serviceName: "runboard",
    });
    expect(
      readConfig(env({ OTEL_EXPORTER_OTLP_ENDPOINT: "https://c:4318", OTEL_SERVICE_NAME: "rb-eu" })).tracing,
    ).toMatchObject({ serviceName: "rb-eu" });
    expect(readConfig(env({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SDK_DISABLED: "true" })).tracing).toBe(
      undefined,
    );
    expect(() => readConfig(env({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" }))).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must be the collector's http:\/\/ or https:\/\/ URL/,
    );
    expect(() =>
      readConfig(env({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_EXPORTER_OTLP_PROTOCOL: "udp" })),
    ).toThrow(/OTEL_EXPORTER_OTLP_PROTOCOL must be one of http\/protobuf, http\/json, grpc, got 'udp'/);
  });

  it("a server given a bad collector URL stops at once with the reason, before loading anything", async () => {
    const bad = await startServer({ OTEL_EXPORTER_OTLP_ENDPOINT: "localhost:4318" });
    await expect(bad.ready).rejects.toThrow(/server exited with 1/);
    expect(bad.output()).toContain(
      "runboard: OTEL_EXPORTER_OTLP_ENDPOINT must be the collector's http:// or https:// URL (such as http://127.0.0.1:4318), got 'localhost:4318'",
    );
  });
});
