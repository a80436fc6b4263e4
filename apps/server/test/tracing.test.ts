import { createServer, type Server } from "node:http";
import { insertRuns } from "@runboard/api/testing";
import { bearer, testAccounts } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { freePort, type ServerProcess, startServer } from "./server-process.ts";

// With OTEL_EXPORTER_OTLP_ENDPOINT set, Runboard exports its spans over OTLP/HTTP. The collector
// here is a small OTLP/HTTP receiver the test runs itself (it records what it is sent and answers
// 200, as a collector does); the server, its SDK, its exporter and PostgreSQL are the real ones.

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: Record<string, unknown> }[];
}
interface ExportedSpan extends OtlpSpan {
  scope: string;
  service: unknown;
}

const THREAD = "thread_traced";
const SERVER_KIND = 2;

let db: TestDatabase;
let prisma: PrismaClient;
let collector: Server;
let server: ServerProcess;
let runId: string;
let auth: { authorization: string };
const spans: ExportedSpan[] = [];
const contentTypes = new Set<string>();

function attribute(span: OtlpSpan, key: string): unknown {
  const found = span.attributes.find((a) => a.key === key);
  return found ? Object.values(found.value)[0] : undefined;
}

/** Waits until a span matching `predicate` has been exported, and returns it. */
async function spanWhere(predicate: (span: ExportedSpan) => boolean): Promise<ExportedSpan> {
  const waiting = setTimeout(() => {
    console.error(
      `still waiting; exported so far:\n${spans.map((s) => `${s.scope} | ${s.name} | ${s.traceId} ${s.parentSpanId ?? "-"} ${s.spanId}`).join("\n")}`,
    );
  }, 15_000);
  try {
    for (;;) {
      const span = spans.find(predicate);
      if (span) return span;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    clearTimeout(waiting);
  }
}

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
  auth = bearer((await testAccounts(prisma).key("read_write", "traced")).key);
  [runId] = (await insertRuns(prisma, [{ threadId: THREAD }])) as [string];

  collector = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "POST" && request.url === "/v1/traces") {
        contentTypes.add(String(request.headers["content-type"]));
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          resourceSpans: {
            resource: { attributes: OtlpSpan["attributes"] };
            scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[];
          }[];
        };
        for (const { resource, scopeSpans } of body.resourceSpans) {
          const service = resource.attributes.find((a) => a.key === "service.name")?.value.stringValue;
          for (const { scope, spans: exported } of scopeSpans) {
            for (const span of exported) spans.push({ ...span, scope: scope.name, service });
          }
        }
      }
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const collectorPort = await freePort();
  await new Promise<void>((done) => collector.listen(collectorPort, "127.0.0.1", done));

  server = await startServer({
    DATABASE_URL: db.url,
    RUNBOARD_SEED_DEMO: "false",
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
    // JSON, so that this receiver reads it without a protobuf decoder (the default is http/protobuf).
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_SERVICE_NAME: "runboard-traced",
    // Export every 100 ms instead of every 5 s, so the test waits less.
    OTEL_BSP_SCHEDULE_DELAY: "100",
  });
  await server.ready;
});

afterAll(async () => {
  await server?.stop();
  await new Promise((done) => (collector ? collector.close(done) : done(undefined)));
  await prisma?.$disconnect();
  await db?.drop();
});

it("exports a span for the HTTP request, its tRPC procedure and its SQL, in one trace", async () => {
  const input = encodeURIComponent(JSON.stringify({ thread_id: THREAD, run_id: runId }));
  const response = await fetch(`${server.url}/api/trpc/run.get?input=${input}`, { headers: auth });
  expect(response.status).toBe(200);

  const http = await spanWhere(
    (s) =>
      s.kind === SERVER_KIND && s.scope === "@opentelemetry/instrumentation-http" && s.name === "GET /api/trpc/run.get",
  );
  expect(http.service).toBe("runboard-traced");
  expect(attribute(http, "http.response.status_code")).toBe(200);
  const procedure = await spanWhere((s) => s.traceId === http.traceId && s.name === "trpc run.get");
  expect(procedure.scope).toBe("@runboard/api");
  expect(attribute(procedure, "rpc.method")).toBe("run.get");
  // The procedure's own statement, a child of its span. pg names a span `pg.query:<verb> <database>`,
  // or by the statement's name for a prepared one (run.get is: `runboard_get_run_<hash>`).
  const sql = await spanWhere(
    (s) =>
      s.traceId === http.traceId &&
      /^pg\.query:(SELECT|runboard_get_run_)/.test(s.name) &&
      s.parentSpanId === procedure.spanId,
  );
  expect(sql.scope).toBe("@opentelemetry/instrumentation-pg");
  expect(attribute(sql, "db.system.name")).toBe("postgresql");
  expect(attribute(sql, "db.namespace")).toBe(db.name);
  // The statement as sent, with its parameters as placeholders (their values are not exported).
  const statement = String(attribute(sql, "db.query.text"));
  expect(statement).toMatch(/FROM runs WHERE id = \$1 AND thread_id = \$2/);
  expect(statement).not.toContain(runId);
  expect(contentTypes).toEqual(new Set(["application/json"]));
});

it("names a REST request's span by its route pattern, and a batch has a span per procedure", async () => {
  const rest = await fetch(`${server.url}/v1/threads/${THREAD}/runs/${runId}`, { headers: auth });
  expect(rest.status).toBe(200);
  const http = await spanWhere((s) => s.kind === SERVER_KIND && s.name === "GET /v1/threads/:thread_id/runs/:run_id");
  expect(attribute(http, "http.route")).toBe("/v1/threads/:thread_id/runs/:run_id");
  await spanWhere((s) => s.traceId === http.traceId && s.name.startsWith("pg.query:"));

  const batch = { 0: { thread_id: THREAD, run_id: runId }, 1: { thread_id: THREAD } };
  const url = `${server.url}/api/trpc/run.get,run.list?batch=1&input=${encodeURIComponent(JSON.stringify(batch))}`;
  expect((await fetch(url, { headers: auth })).status).toBe(200);
  const batched = await spanWhere((s) => s.kind === SERVER_KIND && s.name === "GET /api/trpc/:path");
  for (const name of ["trpc run.get", "trpc run.list"]) {
    await spanWhere((s) => s.traceId === batched.traceId && s.name === name);
  }
});

it("an ended server has exported its last spans (the SDK is flushed at shutdown)", async () => {
  const response = await fetch(`${server.url}/healthz`, { headers: { "x-request-id": "last-one" } });
  expect(response.status).toBe(200);
  expect(await server.stop()).toBe(0);
  await spanWhere((s) => s.kind === SERVER_KIND && s.name === "GET /healthz");
});
