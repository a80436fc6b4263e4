// The baseline: bare node:http + pg, running the run service's SQL (./sql.ts) and answering in the
// same wire shape (the store's own row mapping), with nothing else — no framework, no schema
// library, no ORM. What Runboard's stack costs is its throughput measured against this one's.
// The statements the service prepares (modify, get) are prepared here too, as the service does.
// With BASELINE_MODE=bare it is the second baseline, "bare": Modify Run as the one UPDATE a
// service with none of Runboard's guarantees would send (merge and delete, nothing else: no
// 16-key limit, no expected version, no audit revision, no announcement), unprepared. What
// Runboard's guarantees cost is its modify throughput measured against this one's.
//   POST /v1/threads/:thread_id/runs/:run_id   {"metadata": {...}}  → the Run (Modify Run)
//   GET  /v1/threads/:thread_id/runs/:run_id                        → the Run
//   GET  /list?input=<run.list input as JSON>                       → the first page (list envelope)
import http from "node:http";
import { type RunRow, toWireRun } from "@runboard/api/run-row";
import pg from "pg";
import {
  BARE_MODIFY_RUN,
  bareModifyParameters,
  GET_RUN,
  type ListFilter,
  listFirstPage,
  MODIFY_RUN,
  type ModifyOutcome,
  modifyParameters,
} from "./sql.ts";

const BARE = process.env.BASELINE_MODE === "bare";

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  // The same pool size as Runboard's createPrismaClient default.
  max: Number(process.env.BASELINE_POOL_SIZE ?? 10),
});

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(json),
  });
  res.end(json);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function isPatch(value: unknown): value is Record<string, string | null> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((v) => v === null || typeof v === "string");
}

async function modify(req: http.IncomingMessage, res: http.ServerResponse, threadId: string, runId: string) {
  const body = JSON.parse(await readBody(req)) as { metadata?: unknown };
  if (!isPatch(body.metadata)) return send(res, 422, { detail: [{ loc: ["body", "metadata"], msg: "invalid" }] });
  if (BARE) {
    const bare = await pool.query<RunRow>(BARE_MODIFY_RUN, bareModifyParameters(threadId, runId, body.metadata));
    return bare.rows[0] ? send(res, 200, toWireRun(bare.rows[0])) : send(res, 404, { error: { message: "not found" } });
  }
  const { rows } = await pool.query<RunRow & { outcome: ModifyOutcome }>({
    name: "modify",
    text: MODIFY_RUN,
    values: modifyParameters(threadId, runId, body.metadata, "rest", ACTOR),
  });
  const row = rows[0];
  if (!row) return send(res, 404, { error: { message: "not found" } });
  if (row.outcome === "conflict") return send(res, 409, { error: { message: "version conflict" } });
  if (row.outcome === "over_limit")
    return send(res, 422, { detail: [{ loc: ["body", "metadata"], msg: "too many keys" }] });
  const { outcome: _outcome, entries_done: _done, ...run } = row as typeof row & { entries_done?: string };
  return send(res, 200, toWireRun(run));
}

async function get(res: http.ServerResponse, threadId: string, runId: string) {
  const { rows } = await pool.query<RunRow>({ name: "get", text: GET_RUN, values: [runId, threadId] });
  return rows[0] ? send(res, 200, toWireRun(rows[0])) : send(res, 404, { error: { message: "not found" } });
}

async function list(res: http.ServerResponse, search: URLSearchParams) {
  const input = JSON.parse(search.get("input") ?? "{}") as Partial<ListFilter>;
  const limit = input.limit ?? 20;
  const { text, values } = listFirstPage({ ...input, limit });
  const { rows } = await pool.query<RunRow>(text, values);
  const data = rows.slice(0, limit).map(toWireRun);
  send(res, 200, {
    object: "list",
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: rows.length > limit,
  });
}

// What Runboard records for a change made with an API key (the baseline checks no credentials).
const ACTOR = { type: "api_key", id: "baseline", label: "baseline" } as const;

const RUN_PATH = /^\/v1\/threads\/([^/]+)\/runs\/([^/?]+)$/;

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://baseline");
  const run = RUN_PATH.exec(url.pathname);
  if (run) {
    const threadId = decodeURIComponent(run[1] as string);
    const runId = decodeURIComponent(run[2] as string);
    if (req.method === "POST") return modify(req, res, threadId, runId);
    if (req.method === "GET") return get(res, threadId, runId);
  }
  if (req.method === "GET" && url.pathname === "/list") return list(res, url.searchParams);
  if (req.method === "GET" && url.pathname === "/readyz") return send(res, 200, { status: "ready" });
  return send(res, 404, { error: { message: "no such route" } });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error: unknown) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, { error: { message: "baseline failed" } });
  });
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`baseline: ready on port ${typeof address === "object" && address ? address.port : "?"}`);
});

const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
