import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type AppRouter,
  createAccountService,
  createAuth,
  createAuthServices,
  createRunService,
  notifyingChangeSink,
} from "@runboard/api";
import { insertRuns } from "@runboard/api/testing";
import { TEST_AUTH_SECRET, TEST_PASSWORD } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from "@trpc/client";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AppDeps, buildApp } from "../src/app.ts";
import { hotProcedures } from "../src/trpc-direct.ts";
import { freePort } from "./server-process.ts";

// The direct tRPC routes (src/trpc-direct.ts) must answer exactly what tRPC's own adapter answers.
// Two apps, one with the direct routes and one without, each on its own copy of the same database
// (same runs, users, keys and sessions), get the same requests in the same order; status,
// content type, Vary and the body's bytes must match (revision times, taken from the clock, are
// the only thing normalised).

const BASE_URL = "http://127.0.0.1";
const THREAD = "thread_parity";
const OTHER_THREAD = "thread_parity_other";
const RUNS = ["run_parity_1", "run_parity_2", "run_parity_3", "run_parity_4"] as const;
const OTHER_RUN = "run_parity_other";
// The requests below cover these; a hot operation added to the table must be added here (and covered).
const DIRECT_ROUTES = ["/api/trpc/run.get", "/api/trpc/run.list", "/api/trpc/run.history", "/api/trpc/run.modify"];

interface Sent {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const PARITY_REQUEST_ID = "parity-check";

/** One HTTP request with exactly these headers (no client adds its own). */
function send(base: string, sent: Sent): Promise<Answer> {
  const url = new URL(sent.path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: sent.method ?? "GET",
        headers: {
          ...(sent.body === undefined ? {} : { "content-length": String(Buffer.byteLength(sent.body)) }),
          ...sent.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(sent.body);
  });
}

/** Revisions carry the time they were written; everything else is the same bytes on both sides. */
function normalised(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), (_key, value: unknown) =>
      value && typeof value === "object" && (value as { object?: unknown }).object === "thread.run.revision"
        ? { ...value, created_at: "<time>" }
        : value,
    );
  } catch {
    return body; // not JSON (an event stream): compared as it is
  }
}

interface Served {
  app: FastifyInstance;
  url: string;
  /** The request log lines (one per response) this app wrote. */
  requests: { url: string; route?: string; status: number }[];
  logs: Record<string, unknown>[];
}

async function serve(deps: Omit<AppDeps, "logStream" | "logLevel">, directTrpcRoutes: boolean): Promise<Served> {
  const logs: Record<string, unknown>[] = [];
  const requests: Served["requests"] = [];
  const app = await buildApp({
    ...deps,
    directTrpcRoutes,
    logLevel: "info",
    logStream: {
      write(line: string) {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === "request") requests.push(entry as unknown as Served["requests"][number]);
      },
    },
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, requests, logs };
}

interface Pair {
  direct: Served;
  plugin: Served;
}

async function servePair(deps: Omit<AppDeps, "logStream" | "logLevel">, pluginDeps = deps): Promise<Pair> {
  return { direct: await serve(deps, true), plugin: await serve(pluginDeps, false) };
}

/** The request log line for the last response (written once the response has gone out). */
async function lastRequestLog(served: Served, count: number) {
  await expect.poll(() => served.requests.length, { timeout: 2_000, interval: 5 }).toBeGreaterThanOrEqual(count);
  return served.requests[count - 1];
}

/**
 * Sends the same request to both apps (the direct one first) and asserts the same answer.
 * `route`: which route the direct app must have served it with (its static route, or the plugin's).
 */
async function expectSame(pair: Pair, sent: Sent, route: "direct" | "plugin"): Promise<Answer> {
  const what = `${sent.method ?? "GET"} ${sent.path}`;
  const before = pair.direct.requests.length;
  // One request id for every request, so that a 5xx body (which names it) is the same bytes everywhere.
  const sameId = { ...sent, headers: { "x-request-id": PARITY_REQUEST_ID, ...sent.headers } };
  const direct = await send(pair.direct.url, sameId);
  const plugin = await send(pair.plugin.url, sameId);
  expect(direct.headers["x-request-id"], what).toBe(sameId.headers["x-request-id"]);
  expect(direct.status, what).toBe(plugin.status);
  expect(direct.headers["content-type"], what).toBe(plugin.headers["content-type"]);
  expect(direct.headers.vary, what).toBe(plugin.headers.vary);
  expect(direct.headers["retry-after"], what).toBe(plugin.headers["retry-after"]);
  expect(normalised(direct.body), what).toBe(normalised(plugin.body));
  const served = await lastRequestLog(pair.direct, before + 1);
  const path = sent.path.split("?")[0] as string;
  if (route === "direct") expect(served?.route, what).toBe(path);
  else expect(served?.route, what).not.toBe(path);
  return direct;
}

const json = (answer: Answer) => JSON.parse(answer.body);
const q = (input: unknown) => encodeURIComponent(JSON.stringify(input));
const ref = (run: string, thread = THREAD) => ({ thread_id: thread, run_id: run });

let seed: TestDatabase;
const databases: TestDatabase[] = [];
const clients: PrismaClient[] = [];
const pairs: Pair[] = [];
const headers = {} as Record<"readKey" | "writeKey" | "revokedKey" | "viewer" | "editor", Record<string, string>>;

/** Everything the app needs, on one database. */
function depsOn(url: string, runsUrl = url): Omit<AppDeps, "logStream" | "logLevel"> {
  const prisma = createPrismaClient(url);
  clients.push(prisma);
  const runsPrisma = runsUrl === url ? prisma : createPrismaClient(runsUrl);
  if (runsPrisma !== prisma) clients.push(runsPrisma);
  const { auth, resolver, accounts } = createAuthServices(prisma, {
    baseURL: BASE_URL,
    secret: TEST_AUTH_SECRET,
    rateLimit: false,
    logger: { disabled: true },
  });
  return {
    runService: createRunService({ prisma: runsPrisma, changes: notifyingChangeSink(runsPrisma) }),
    readiness: async () => ({ ready: true }),
    startup: { done: true },
    auth,
    resolver,
    accounts,
  };
}

let main: Pair;

beforeAll(async () => {
  // One seeded database, cloned twice: both apps start from the same rows, keys and sessions.
  seed = await createTestDatabase(inject("templateDatabase"));
  const prisma = createPrismaClient(seed.url);
  const auth = createAuth(prisma, {
    baseURL: BASE_URL,
    secret: TEST_AUTH_SECRET,
    rateLimit: false,
    logger: { disabled: true },
  });
  const accounts = createAccountService({ auth, prisma });
  const admin = await accounts.createUser({
    email: "admin@p.test",
    name: "Admin",
    password: TEST_PASSWORD,
    role: "admin",
  });
  for (const role of ["viewer", "editor"] as const) {
    await accounts.createUser({ email: `${role}@p.test`, name: role, password: TEST_PASSWORD, role });
    const signedIn = await auth.api.signInEmail({
      body: { email: `${role}@p.test`, password: TEST_PASSWORD },
      returnHeaders: true,
    });
    headers[role] = {
      cookie: signedIn.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; "),
    };
  }
  headers.readKey = {
    authorization: `Bearer ${(await accounts.createKey(admin.id, { name: "read", scope: "read" })).key}`,
  };
  headers.writeKey = {
    authorization: `Bearer ${(await accounts.createKey(admin.id, { name: "rw", scope: "read_write" })).key}`,
  };
  const revoked = await accounts.createKey(admin.id, { name: "revoked", scope: "read_write" });
  await accounts.revokeKey(revoked.id);
  headers.revokedKey = { authorization: `Bearer ${revoked.key}` };
  await insertRuns(
    prisma,
    RUNS.map((id, i) => ({
      id,
      threadId: THREAD,
      status: i % 2 === 0 ? ("completed" as const) : ("failed" as const),
      createdAt: new Date(Date.UTC(2026, 1, 1, 0, 0, i)),
      metadata: { team: i < 2 ? "payments" : "search", n: String(i) },
    })),
  );
  await insertRuns(prisma, [{ id: OTHER_RUN, threadId: OTHER_THREAD, createdAt: new Date(Date.UTC(2026, 1, 2)) }]);
  await prisma.$disconnect();

  const [one, two] = [await createTestDatabase(seed.name), await createTestDatabase(seed.name)];
  databases.push(one, two);
  main = await servePair(depsOn(one.url), depsOn(two.url));
  pairs.push(main);
});

afterAll(async () => {
  for (const pair of pairs) {
    await pair.direct.app.close();
    await pair.plugin.app.close();
  }
  for (const client of clients) await client.$disconnect();
  for (const db of databases) await db.drop();
  await seed?.drop();
});

describe("direct tRPC routes answer what tRPC's adapter answers", () => {
  it("registers the static routes only when asked to", () => {
    // The fast path serves exactly the table's hot operations, and this test covers each of them.
    expect(
      hotProcedures()
        .map((p) => `/api/trpc/${p.path}`)
        .sort(),
    ).toEqual([...DIRECT_ROUTES].sort());
    for (const url of DIRECT_ROUTES) {
      const method = url.endsWith("modify") ? "POST" : "GET";
      expect(main.direct.app.hasRoute({ method, url }), url).toBe(true);
      expect(main.plugin.app.hasRoute({ method, url }), url).toBe(false);
    }
  });

  it("reads: run.get, run.list (filters, paging), run.history", async () => {
    const get = await expectSame(
      main,
      { path: `/api/trpc/run.get?input=${q(ref(RUNS[0]))}`, headers: headers.readKey },
      "direct",
    );
    expect(get.status).toBe(200);
    expect(get.headers["content-type"]).toBe("application/json");
    expect(json(get)).toEqual({ result: { data: expect.objectContaining({ id: RUNS[0], version: 1 }) } });
    await expectSame(main, { path: `/api/trpc/run.get?input=${q(ref(RUNS[1]))}`, headers: headers.viewer }, "direct");

    const page = await expectSame(
      main,
      { path: `/api/trpc/run.list?input=${q({ thread_id: THREAD, limit: 2 })}`, headers: headers.readKey },
      "direct",
    );
    expect(json(page).result.data).toMatchObject({ object: "list", has_more: true, last_id: RUNS[2] });
    for (const input of [
      { thread_id: THREAD, limit: 2, after: json(page).result.data.last_id },
      { status: "failed" },
      { status: ["failed", "completed"], order: "asc" },
      { metadata: { team: "search" } },
      { thread_id: THREAD, before: RUNS[0] },
    ]) {
      const answer = await expectSame(
        main,
        { path: `/api/trpc/run.list?input=${q(input)}`, headers: headers.editor },
        "direct",
      );
      expect(answer.status, JSON.stringify(input)).toBe(200);
    }
    // An empty object lists every run with the schema's defaults; no input at all is a 422.
    expect(
      (await expectSame(main, { path: `/api/trpc/run.list?input=${q({})}`, headers: headers.readKey }, "direct"))
        .status,
    ).toBe(200);
    expect((await expectSame(main, { path: "/api/trpc/run.list", headers: headers.readKey }, "direct")).status).toBe(
      422,
    );
    // The query string as browsers and URLSearchParams write it (`+` for spaces, `%22` for quotes).
    const plus = `/api/trpc/run.list?input=${encodeURIComponent(JSON.stringify({ metadata: { team: "a b" } })).replaceAll("%20", "+")}`;
    expect((await expectSame(main, { path: plus, headers: headers.readKey }, "direct")).status).toBe(200);
    // A repeated parameter: the first one counts.
    const twice = `/api/trpc/run.get?input=${q(ref(RUNS[0]))}&input=${q(ref("run_nope"))}`;
    expect((await expectSame(main, { path: twice, headers: headers.readKey }, "direct")).status).toBe(200);

    const history = await expectSame(
      main,
      { path: `/api/trpc/run.history?input=${q(ref(RUNS[0]))}`, headers: headers.readKey },
      "direct",
    );
    expect(json(history).result.data).toEqual({ object: "list", data: [], has_more: false });
  });

  it("run.modify: merges, records the surface and the caller, honours expected_version", async () => {
    const modify = (input: unknown, who: Record<string, string>, extra: Record<string, string> = {}) => ({
      method: "POST",
      path: "/api/trpc/run.modify",
      headers: { ...who, "content-type": "application/json", ...extra },
      body: JSON.stringify(input),
    });
    const first = await expectSame(
      main,
      modify({ ...ref(RUNS[0]), metadata: { tag: "one" } }, headers.writeKey),
      "direct",
    );
    expect(json(first).result.data).toMatchObject({ metadata: { team: "payments", n: "0", tag: "one" }, version: 2 });
    // The dashboard says so in x-runboard-surface; an editor's session.
    const second = await expectSame(
      main,
      modify({ ...ref(RUNS[0]), metadata: { tag: null, by: "editor" }, expected_version: 2 }, headers.editor, {
        "x-runboard-surface": "dashboard",
      }),
      "direct",
    );
    expect(json(second).result.data).toMatchObject({
      metadata: { team: "payments", n: "0", by: "editor" },
      version: 3,
    });
    // An unknown surface is recorded as plain trpc; the charset parameter is allowed.
    await expectSame(
      main,
      modify({ ...ref(RUNS[1]), metadata: { x: "1" } }, headers.writeKey, {
        "x-runboard-surface": "import",
        "content-type": "application/json; charset=utf-8",
      }),
      "direct",
    );
    // A body that starts with a UTF-8 byte order mark.
    const bom = modify({ ...ref(RUNS[1]), metadata: { bom: "yes" } }, headers.writeKey);
    expect((await expectSame(main, { ...bom, body: `\uFEFF${bom.body}` }, "direct")).status).toBe(200);

    const history = await expectSame(
      main,
      { path: `/api/trpc/run.history?input=${q(ref(RUNS[0]))}`, headers: headers.readKey },
      "direct",
    );
    expect(
      json(history).result.data.data.map(
        (r: { actor: { label: string }; surface: string }) => `${r.actor.label}:${r.surface}`,
      ),
    ).toEqual(["editor:dashboard", "rw:trpc"]);
    const other = await expectSame(
      main,
      { path: `/api/trpc/run.history?input=${q(ref(RUNS[1]))}`, headers: headers.readKey },
      "direct",
    );
    expect(json(other).result.data.data.map((r: { surface: string }) => r.surface)).toEqual(["trpc", "trpc"]);

    // CONFLICT carries the run as it is now.
    const stale = await expectSame(
      main,
      modify({ ...ref(RUNS[0]), metadata: { late: "edit" }, expected_version: 2 }, headers.writeKey),
      "direct",
    );
    expect(stale.status).toBe(409);
    expect(json(stale).error.data).toMatchObject({ code: "CONFLICT", path: "run.modify", current: { version: 3 } });
  });

  it("errors: bad input, validation, not found, credentials, permissions", async () => {
    const get = (input: string, who = headers.readKey) => ({ path: `/api/trpc/run.get${input}`, headers: who });
    const cases: [Sent, number][] = [
      [get("?input=%7Bbad"), 400], // malformed JSON
      [get(""), 422], // missing input
      [get("?input="), 422], // empty input
      [get("?input=null"), 422],
      [get(`?input=${q({ ...ref(RUNS[0]), extra: 1 })}`), 422], // strict object
      [get(`?input=${q(ref("run_nope"))}`), 404],
      [get(`?input=${q(ref(OTHER_RUN))}`), 404], // exists, but under another thread
      [get(`?input=${q(ref(RUNS[0]))}`, {}), 401], // no credentials
      [get("?input=%7Bbad", {}), 401], // the caller is checked before the input is read
      [get(`?input=${q(ref(RUNS[0]))}`, headers.revokedKey), 401],
      [get(`?input=${q(ref(RUNS[0]))}`, { authorization: "Basic abc" }), 401],
      [get(`?input=${q(ref(RUNS[0]))}`, { ...headers.revokedKey, ...headers.viewer }), 401], // no fallback to the cookie
      [{ path: `/api/trpc/run.list?input=${q({ limit: 1000 })}`, headers: headers.readKey }, 422],
      [{ path: `/api/trpc/run.list?input=${q({ status: "nope" })}`, headers: headers.readKey }, 422],
      [{ path: `/api/trpc/run.list?input=${q({ after: RUNS[0], before: RUNS[1] })}`, headers: headers.readKey }, 422],
      [{ path: `/api/trpc/run.history?input=${q({ ...ref(RUNS[0]), limit: 0 })}`, headers: headers.readKey }, 422],
      [{ path: `/api/trpc/run.history?input=${q(ref("run_nope"))}`, headers: headers.readKey }, 404],
    ];
    for (const [sent, status] of cases) {
      expect((await expectSame(main, sent, "direct")).status, sent.path).toBe(status);
    }
    const malformed = json(await send(main.direct.url, get("?input=%7Bbad")));
    expect(malformed.error).toMatchObject({
      code: -32600,
      data: { code: "BAD_REQUEST", httpStatus: 400, path: "run.get" },
    });

    const modify = (body: string, who: Record<string, string>, contentType = "application/json") => ({
      method: "POST",
      path: "/api/trpc/run.modify",
      headers: { ...who, "content-type": contentType },
      body,
    });
    const tooMany = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
    const modifyCases: [Sent, number][] = [
      [modify(JSON.stringify({ ...ref(RUNS[2]), metadata: tooMany }), headers.writeKey), 422],
      [modify(JSON.stringify({ ...ref(RUNS[2]), metadata: { long: "x".repeat(513) } }), headers.writeKey), 422],
      [modify(JSON.stringify({ ...ref(RUNS[2]), metadata: { n: 1 } }), headers.writeKey), 422],
      [modify(JSON.stringify({ ...ref(RUNS[2]), metadata: {}, expected_version: 0 }), headers.writeKey), 422],
      [modify(JSON.stringify({ ...ref("run_nope"), metadata: { a: "b" } }), headers.writeKey), 404],
      [modify("{bad", headers.writeKey), 400],
      [modify("", headers.writeKey), 400],
      [modify("null", headers.writeKey), 422],
      [modify(JSON.stringify({ ...ref(RUNS[2]), metadata: { a: "b" } }), {}), 401],
      [modify("{bad", {}), 401],
      [modify(JSON.stringify({ ...ref(RUNS[2]), metadata: { a: "b" } }), headers.readKey), 403],
      [modify(JSON.stringify({ ...ref(RUNS[2]), metadata: { a: "b" } }), headers.viewer), 403],
    ];
    for (const [sent, status] of modifyCases) {
      expect((await expectSame(main, sent, "direct")).status, sent.body).toBe(status);
    }
    const invalid = json(await send(main.direct.url, modifyCases[0]?.[0] as Sent));
    expect(invalid.error.data).toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
      httpStatus: 422,
      detail: [{ loc: ["body", "metadata", "k16"], type: "object_above_max_properties" }],
    });
  });

  it("batches of one (httpBatchLink's shape for a single call), answered by the direct routes", async () => {
    const batch = (path: string, input: string | undefined, who = headers.readKey) => ({
      path: `/api/trpc/${path}?batch=1${input === undefined ? "" : `&input=${input}`}`,
      headers: who,
    });
    const cases: [Sent, number][] = [
      [batch("run.get", q({ 0: ref(RUNS[3]) })), 200],
      [batch("run.list", q({ 0: { thread_id: THREAD, limit: 1 } })), 200],
      [batch("run.list", undefined), 422],
      [batch("run.history", q({ 0: ref(RUNS[0]) })), 200],
      [batch("run.get", q({ 0: ref("run_nope") })), 404],
      [batch("run.get", q({})), 422], // no input for call 0
      [batch("run.get", q([ref(RUNS[3])])), 400], // not an object
      [batch("run.get", "%7Bbad"), 400],
      [batch("run.get", q({ 0: ref(RUNS[3]) }), {}), 401],
      [{ path: `/api/trpc/run.get?batch=true&input=${q(ref(RUNS[3]))}`, headers: headers.readKey }, 200], // only "1" batches
    ];
    for (const [sent, status] of cases) {
      const answer = await expectSame(main, sent, "direct");
      expect(answer.status, sent.path).toBe(status);
      if (sent.path.includes("batch=1")) expect(Array.isArray(json(answer)), sent.path).toBe(true);
    }
    const mutate = (body: unknown, who = headers.writeKey) => ({
      method: "POST",
      path: "/api/trpc/run.modify?batch=1",
      headers: { ...who, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(
      (await expectSame(main, mutate({ 0: { ...ref(RUNS[3]), metadata: { batched: "yes" } } }), "direct")).status,
    ).toBe(200);
    expect((await expectSame(main, mutate({ 0: { ...ref(RUNS[3]), metadata: { n: 5 } } }), "direct")).status).toBe(422);
    expect(
      (await expectSame(main, mutate({ 0: { ...ref(RUNS[3]), metadata: {} } }, headers.readKey), "direct")).status,
    ).toBe(403);
  });

  it("hands everything else to tRPC: streaming, other content types, methods, batches of several", async () => {
    const get = `/api/trpc/run.get?input=${q(ref(RUNS[0]))}`;
    const batchGet = `/api/trpc/run.get?batch=1&input=${q({ 0: ref(RUNS[0]) })}`;
    const viaHandler: [Sent, number][] = [
      // httpBatchStreamLink: a JSON-lines stream, by tRPC's own handler
      [{ path: batchGet, headers: { ...headers.readKey, "trpc-accept": "application/jsonl" } }, 200],
      [{ path: batchGet, headers: { ...headers.readKey, accept: "application/json, application/jsonl" } }, 200],
      [{ path: get, headers: { ...headers.readKey, "trpc-accept": "application/jsonl" } }, 400], // must be batched
      [{ path: `${get}&connectionParams=nope`, headers: headers.readKey }, 400],
      [{ path: `${get}&connectionParams=${q({ a: "b" })}`, headers: headers.readKey }, 200],
      [{ path: get, headers: { ...headers.readKey, "content-type": "multipart/form-data; boundary=x" } }, 405],
      [{ path: get, headers: { ...headers.readKey, "content-type": "application/octet-stream" } }, 405],
      [
        {
          method: "POST",
          path: "/api/trpc/run.modify",
          headers: { ...headers.writeKey, "content-type": "text/plain" },
          body: JSON.stringify({ ...ref(RUNS[2]), metadata: { a: "b" } }),
        },
        415,
      ],
      [
        {
          method: "POST",
          path: "/api/trpc/run.modify",
          headers: { ...headers.writeKey },
          body: JSON.stringify({ ...ref(RUNS[2]), metadata: { a: "b" } }),
        },
        415,
      ],
      [{ method: "POST", path: "/api/trpc/run.modify", headers: { ...headers.writeKey } }, 415],
    ];
    for (const [sent, status] of viaHandler) {
      expect((await expectSame(main, sent, "direct")).status, JSON.stringify(sent)).toBe(status);
    }
    const viaPlugin: [Sent, number][] = [
      [{ path: `/api/trpc/run.modify?input=${q({ ...ref(RUNS[0]), metadata: {} })}`, headers: headers.writeKey }, 405],
      [
        {
          method: "POST",
          path: "/api/trpc/run.get",
          headers: { ...headers.readKey, "content-type": "application/json" },
          body: JSON.stringify(ref(RUNS[0])),
        },
        405,
      ],
      [{ method: "HEAD", path: get, headers: headers.readKey }, 204],
      [
        { path: `/api/trpc/run.get,run.list?batch=1&input=${q({ 0: ref(RUNS[0]), 1: {} })}`, headers: headers.readKey },
        200,
      ],
      [{ path: `/api/trpc/run.get,run.nope?batch=1&input=${q({ 0: ref(RUNS[0]) })}`, headers: headers.readKey }, 207],
      [{ path: "/api/trpc/run.nope", headers: headers.readKey }, 404],
      [{ path: "/api/trpc/auth.me", headers: headers.viewer }, 200],
    ];
    for (const [sent, status] of viaPlugin) {
      expect((await expectSame(main, sent, "plugin")).status, JSON.stringify(sent)).toBe(status);
    }
  });

  it("the API's own guards come first: cross-site mutations, start-up", async () => {
    const crossSite = {
      method: "POST",
      path: "/api/trpc/run.modify",
      headers: { ...headers.writeKey, "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ ...ref(RUNS[0]), metadata: { evil: "yes" } }),
    };
    expect((await expectSame(main, crossSite, "direct")).status).toBe(403);

    const starting = await servePair({ ...depsOn(databases[0]?.url as string), startup: { done: false } });
    pairs.push(starting);
    const answer = await expectSame(
      starting,
      { path: `/api/trpc/run.get?input=${q(ref(RUNS[0]))}`, headers: headers.readKey },
      "direct",
    );
    expect(answer.status).toBe(503);
  });

  it("the database unavailable: 503 SERVICE_UNAVAILABLE, as a query failing answers it", async () => {
    // Credentials from the real database; the runs from an address where nothing listens.
    const nowhere = `postgresql://postgres@127.0.0.1:${await freePort()}/nowhere`;
    const down = await servePair(depsOn(databases[0]?.url as string, nowhere));
    pairs.push(down);
    const sent: Sent[] = [
      { path: `/api/trpc/run.get?input=${q(ref(RUNS[0]))}`, headers: headers.readKey },
      { path: `/api/trpc/run.list?input=${q({ thread_id: THREAD })}`, headers: headers.viewer },
      { path: `/api/trpc/run.get?batch=1&input=${q({ 0: ref(RUNS[0]) })}`, headers: headers.readKey },
      {
        method: "POST",
        path: "/api/trpc/run.modify",
        headers: { ...headers.writeKey, "content-type": "application/json" },
        body: JSON.stringify({ ...ref(RUNS[0]), metadata: { a: "b" } }),
      },
    ];
    for (const one of sent) {
      const answer = await expectSame(down, one, "direct");
      expect(answer.status, one.path).toBe(503);
      expect(answer.body).toContain("database is unavailable");
      expect(answer.body).toContain("SERVICE_UNAVAILABLE");
    }
  });

  it("the caller not checkable (database unreachable): the same 503 as a query failing, on every surface", async () => {
    const nowhere = `postgresql://postgres@127.0.0.1:${await freePort()}/nowhere`;
    const real = databases[0]?.url as string;
    // The runs unreachable (a query fails), and the credentials unreachable (the caller cannot be checked).
    const queryFails = await servePair(depsOn(real, nowhere));
    const callerUnknown = await servePair(depsOn(nowhere, real));
    pairs.push(queryFails, callerUnknown);
    const cases: Sent[] = [
      { path: `/api/trpc/run.get?input=${q(ref(RUNS[0]))}`, headers: headers.readKey },
      { path: `/api/trpc/run.get?input=${q(ref(RUNS[0]))}`, headers: headers.viewer },
      { path: `/api/trpc/run.list?batch=1&input=${q({ 0: { thread_id: THREAD } })}`, headers: headers.editor },
      {
        method: "POST",
        path: "/api/trpc/run.modify",
        headers: { ...headers.writeKey, "content-type": "application/json" },
        body: JSON.stringify({ ...ref(RUNS[0]), metadata: { a: "b" } }),
      },
    ];
    for (const sent of cases) {
      const failed = await expectSame(queryFails, sent, "direct");
      const unknown = await expectSame(callerUnknown, sent, "direct");
      expect(unknown.status, sent.path).toBe(503);
      expect([unknown.headers["content-type"], unknown.body], sent.path).toEqual([
        failed.headers["content-type"],
        failed.body,
      ]);
    }
    // Through the plugin's route too (a batch of two).
    const two = {
      path: `/api/trpc/run.get,run.get?batch=1&input=${q({ 0: ref(RUNS[0]), 1: ref(RUNS[1]) })}`,
      headers: headers.readKey,
    };
    const twoFailed = await expectSame(queryFails, two, "plugin");
    const twoUnknown = await expectSame(callerUnknown, two, "plugin");
    expect([twoUnknown.status, twoUnknown.body]).toEqual([503, twoFailed.body]);

    // REST: OpenAI's error shape with code database_unavailable, as a failing query answers it.
    const rest = {
      path: `/v1/threads/${THREAD}/runs/${RUNS[0]}`,
      headers: { ...headers.readKey, "x-request-id": PARITY_REQUEST_ID },
    };
    const restFailed = await send(queryFails.direct.url, rest);
    const restUnknown = await send(callerUnknown.direct.url, rest);
    expect(restUnknown.status).toBe(503);
    expect(json(restUnknown)).toEqual({
      error: expect.objectContaining({ code: "database_unavailable", type: "server_error" }),
    });
    expect([restUnknown.headers["retry-after"], restUnknown.body]).toEqual([
      restFailed.headers["retry-after"],
      restFailed.body,
    ]);

    // Without credentials there is nothing to check: still a 401.
    expect(
      (await expectSame(callerUnknown, { path: `/api/trpc/run.get?input=${q(ref(RUNS[0]))}` }, "direct")).status,
    ).toBe(401);
    expect((await send(callerUnknown.direct.url, { path: rest.path })).status).toBe(401);
  });

  it("a failing procedure: 500 INTERNAL_SERVER_ERROR, logged by onError on both", async () => {
    // A database without Runboard's tables: every run query fails (a server fault, not the client's).
    const empty = await createEmptyDatabase();
    databases.push(empty);
    const broken = await servePair(depsOn(databases[0]?.url as string, empty.url));
    pairs.push(broken);
    for (const [path, name] of [
      [`/api/trpc/run.get?input=${q(ref(RUNS[0]))}`, "run.get"],
      [`/api/trpc/run.list?batch=1&input=${q({ 0: {} })}`, "run.list"],
    ] as const) {
      const answer = await expectSame(broken, { path, headers: headers.readKey }, "direct");
      expect(answer.status).toBe(500);
      expect(json(answer)).not.toHaveProperty("error.data.stack");
      for (const app of [broken.direct, broken.plugin]) {
        await expect.poll(() => app.logs.filter((l) => l.msg === "procedure failed" && l.path === name).length).toBe(1);
      }
    }
  });
});

describe("the official @trpc/client against the direct routes", () => {
  function withClient(link: "httpLink" | "httpBatchLink", who: Record<string, string>) {
    const url = `${main.direct.url}/api/trpc`;
    return createTRPCClient<AppRouter>({
      links: [link === "httpLink" ? httpLink({ url, headers: who }) : httpBatchLink({ url, headers: who })],
    });
  }

  for (const link of ["httpLink", "httpBatchLink"] as const) {
    it(`${link}: queries, a mutation and typed errors, served by the direct routes`, async () => {
      const before = main.direct.requests.length;
      const client = withClient(link, headers.writeKey);
      const run = await client.run.get.query(ref(RUNS[2]));
      expect(run).toMatchObject({ id: RUNS[2], object: "thread.run" });
      const list = await client.run.list.query({ thread_id: THREAD, limit: 2 });
      expect(list.data).toHaveLength(2);
      const modified = await client.run.modify.mutate({
        ...ref(RUNS[2]),
        metadata: { via: link },
        expected_version: run.version,
      });
      expect(modified).toMatchObject({ metadata: { via: link }, version: run.version + 1 });
      const history = await client.run.history.query(ref(RUNS[2]));
      expect(history.data[0]).toMatchObject({ version: modified.version, surface: "trpc" });

      const missing = await client.run.get.query(ref("run_nope")).catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(TRPCClientError);
      expect((missing as TRPCClientError<AppRouter>).data).toMatchObject({ code: "NOT_FOUND", httpStatus: 404 });
      const invalid = await client.run.modify
        .mutate({ ...ref(RUNS[2]), metadata: { long: "x".repeat(513) } })
        .catch((error: unknown) => error);
      expect((invalid as TRPCClientError<AppRouter>).data).toMatchObject({
        code: "UNPROCESSABLE_CONTENT",
        detail: [{ loc: ["body", "metadata", "long"], type: "string_above_max_length" }],
      });
      const stale = await client.run.modify
        .mutate({ ...ref(RUNS[2]), metadata: { late: "1" }, expected_version: run.version })
        .catch((error: unknown) => error);
      expect((stale as TRPCClientError<AppRouter>).data).toMatchObject({
        code: "CONFLICT",
        current: { version: modified.version },
      });

      await expect.poll(() => main.direct.requests.length).toBe(before + 7);
      const routes = main.direct.requests.slice(before).map((r) => r.route);
      expect(routes).toEqual([
        "/api/trpc/run.get",
        "/api/trpc/run.list",
        "/api/trpc/run.modify",
        "/api/trpc/run.history",
        "/api/trpc/run.get",
        "/api/trpc/run.modify",
        "/api/trpc/run.modify",
      ]);
    });
  }

  it("httpBatchLink: calls made together still go out as one batch, through tRPC's adapter", async () => {
    const before = main.direct.requests.length;
    const client = withClient("httpBatchLink", headers.readKey);
    const [run, list] = await Promise.all([
      client.run.get.query(ref(RUNS[0])),
      client.run.list.query({ thread_id: THREAD, limit: 1 }),
    ]);
    expect(run.id).toBe(RUNS[0]);
    expect(list.data).toHaveLength(1);
    await expect.poll(() => main.direct.requests.length).toBe(before + 1);
    expect(main.direct.requests[before]).toMatchObject({ url: "/api/trpc/run.get,run.list", route: "/api/trpc/:path" });
  });
});
