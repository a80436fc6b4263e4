import {
  appRouter,
  createAuth,
  createAuthServices,
  createCaller,
  createPrincipalResolver,
  createRunService,
  createTRPCContext,
  notifyingChangeSink,
  operationEntries,
  type ProcedureMeta,
} from "@runboard/api";
import { insertRuns } from "@runboard/api/testing";
import { TEST_AUTH_SECRET, TEST_PASSWORD } from "@runboard/api/testing/auth-fixtures";
import type { Permission } from "@runboard/contract";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { toFetchHeaders } from "../src/headers.ts";
import { createServerMetrics } from "../src/metrics.ts";
import { enforceRoutePermissions, PUBLIC_REST_ROUTES, type RestRouteEntry } from "../src/rest/auth.ts";
import { fastifyPath } from "../src/rest/routes.ts";

// Every tRPC procedure and every REST route, called as each kind of caller: 401 without valid
// credentials, 403 with too little, neither with enough. The procedures and routes are read from
// the router and from Fastify, so a new one is in the matrix (and must declare a permission).

const CALLERS = [
  "none",
  "viewer",
  "editor",
  "admin",
  "read key",
  "read_write key",
  "metrics key",
  "revoked key",
] as const;
type CallerName = (typeof CALLERS)[number];

const ALLOWED: Record<Permission, CallerName[]> = {
  "runs:read": ["viewer", "editor", "admin", "read key", "read_write key"],
  "runs:write": ["editor", "admin", "read_write key"],
  admin: ["admin"],
  // GET /metrics, the server's own endpoint: a metrics key scrapes it and reads no runs.
  metrics: ["admin", "metrics key"],
  // What belongs to a person (saved views): every signed-in operator, no key.
  operator: ["viewer", "editor", "admin"],
};

const BASE_URL = "http://127.0.0.1";
const THREAD = "thread_matrix";

let db: TestDatabase;
let prisma: PrismaClient;
let app: FastifyInstance;
let runId: string;
const restRoutes: RestRouteEntry[] = [];
const headersOf = {} as Record<CallerName, Record<string, string>>;

/** A valid input for each procedure, so that only authorization decides the outcome. */
function inputFor(path: string, caller: CallerName = "none"): unknown {
  const ref = { thread_id: THREAD, run_id: runId };
  const inputs: Record<string, unknown> = {
    "run.get": ref,
    "run.list": { thread_id: THREAD },
    "run.modify": { ...ref, metadata: { matrix: caller } },
    "run.history": ref,
    "lookup.id": { id: runId },
    "run.metadataKeys": { prefix: "m" },
    "run.metadataValues": { key: "matrix" },
    "view.list": undefined,
    "view.create": { name: `matrix ${caller} ${Math.random().toString(36).slice(2)}`, query: "status=failed" },
    "view.delete": { id: "view_does_not_exist" },
    "live.runChanges": ref,
    "auth.me": undefined,
    "admin.users.list": undefined,
    "admin.users.create": {
      email: `made-${Math.random().toString(36).slice(2)}@runboard.test`,
      name: "Made",
      password: "a-long-password-1",
      role: "viewer",
    },
    "admin.users.setRole": { user_id: "user_does_not_exist", role: "viewer" },
    "admin.apiKeys.list": undefined,
    "admin.apiKeys.create": { name: "matrix", scope: "read" },
    "admin.apiKeys.revoke": { id: "key_does_not_exist" },
  };
  if (!Object.hasOwn(inputs, path)) throw new Error(`procedure ${path} is not in the auth matrix: add an input for it`);
  return inputs[path];
}

async function signIn(email: string): Promise<string> {
  const response = await app.inject({
    method: "POST",
    url: "/api/auth/sign-in/email",
    headers: { "content-type": "application/json", origin: BASE_URL, host: "127.0.0.1" },
    payload: { email, password: TEST_PASSWORD },
  });
  expect(response.statusCode).toBe(200);
  const cookies = response.headers["set-cookie"];
  return (Array.isArray(cookies) ? cookies : [cookies ?? ""]).map((c) => c.split(";")[0]).join("; ");
}

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
  const { auth, resolver, accounts } = createAuthServices(prisma, {
    baseURL: BASE_URL,
    secret: TEST_AUTH_SECRET,
    rateLimit: false,
    logger: { disabled: true },
  });
  app = await buildApp({
    runService: createRunService({ prisma, changes: notifyingChangeSink(prisma) }),
    readiness: async () => ({ ready: true }),
    startup: { done: true },
    logLevel: "silent",
    auth,
    resolver,
    accounts,
    restRoutes,
    metrics: createServerMetrics(),
  });
  await app.ready();
  [runId] = (await insertRuns(prisma, [{ threadId: THREAD }])) as [string];

  const admin = await accounts.createUser({ email: "admin@m.test", name: "A", password: TEST_PASSWORD, role: "admin" });
  for (const role of ["viewer", "editor"] as const) {
    await accounts.createUser({ email: `${role}@m.test`, name: role, password: TEST_PASSWORD, role });
  }
  const readKey = await accounts.createKey(admin.id, { name: "read", scope: "read" });
  const writeKey = await accounts.createKey(admin.id, { name: "rw", scope: "read_write" });
  const metricsKey = await accounts.createKey(admin.id, { name: "prometheus", scope: "metrics" });
  const revoked = await accounts.createKey(admin.id, { name: "revoked", scope: "read_write" });
  // Used once (so a cache would hold it), then revoked: it must stop working at once.
  expect((await resolver.resolve(toFetchHeaders({ authorization: `Bearer ${revoked.key}` }))).principal).not.toBeNull();
  await accounts.revokeKey(revoked.id);

  headersOf.none = {};
  headersOf.viewer = { cookie: await signIn("viewer@m.test") };
  headersOf.editor = { cookie: await signIn("editor@m.test") };
  headersOf.admin = { cookie: await signIn("admin@m.test") };
  headersOf["read key"] = { authorization: `Bearer ${readKey.key}` };
  headersOf["read_write key"] = { authorization: `Bearer ${writeKey.key}` };
  headersOf["metrics key"] = { authorization: `Bearer ${metricsKey.key}` };
  headersOf["revoked key"] = { authorization: `Bearer ${revoked.key}` };
});

afterAll(async () => {
  await app?.close();
  await prisma?.$disconnect();
  await db?.drop();
});

function expectOutcome(status: number, permission: Permission, caller: CallerName, what: string) {
  const expected =
    caller === "none" || caller === "revoked key" ? 401 : ALLOWED[permission].includes(caller) ? "ok" : 403;
  const got = status === 401 || status === 403 ? status : "ok";
  expect(got, `${what} as ${caller} answered ${status}`).toBe(expected);
}

const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string; meta?: ProcedureMeta } }>,
);

describe("the operations table", () => {
  it("reaches every surface with its permission: a procedure each, and a route each where it has a binding", () => {
    const served = new Map(procedures);
    for (const { path, operation } of operationEntries()) {
      expect(served.get(path)?._def.type, path).toBe(operation.kind);
      expect(served.get(path)?._def.meta?.permission, path).toBe(operation.permission);
      inputFor(path);
      if (!operation.rest) continue;
      const url = `/v1${fastifyPath(operation.rest.path)}`;
      const methods = operation.rest.method === "GET" ? ["GET", "HEAD"] : [operation.rest.method];
      for (const method of methods) {
        const route = restRoutes.find((r) => r.method === method && r.url === url);
        expect(route?.permission, `${method} ${url}`).toBe(operation.permission);
      }
    }
    expect(procedures.map(([path]) => path).sort()).toEqual(
      operationEntries()
        .map((e) => e.path)
        .sort(),
    );
  });
});

describe("tRPC", () => {
  it("every procedure declares a permission", () => {
    expect(procedures.length).toBeGreaterThanOrEqual(12);
    for (const [path, procedure] of procedures) {
      expect(procedure._def.meta?.permission, path).toBeDefined();
      inputFor(path); // and is listed above
    }
  });

  for (const caller of CALLERS) {
    it(`as ${caller}: 401 / 403 / allowed, per the procedure's permission`, async () => {
      for (const [path, procedure] of procedures) {
        const permission = procedure._def.meta?.permission as Permission;
        const input = inputFor(path, caller);
        if (procedure._def.type === "subscription") {
          // An event stream never ends; it is checked in-process with the caller the server would resolve.
          const principal = (await createPrincipalResolverFor().resolve(toFetchHeaders(headersOf[caller]))).principal;
          const controller = new AbortController();
          const call = createCaller(
            createTRPCContext({
              runService: createRunService({ prisma, changes: notifyingChangeSink(prisma) }),
              principal,
            }),
            {
              signal: controller.signal,
            },
          );
          const outcome = await (call.live.runChanges(input as never) as Promise<unknown>).then(
            () => 200,
            (error: { code?: string }) =>
              error.code === "UNAUTHORIZED" ? 401 : error.code === "FORBIDDEN" ? 403 : 500,
          );
          controller.abort();
          expectOutcome(outcome, permission, caller, path);
          continue;
        }
        const response =
          procedure._def.type === "query"
            ? await app.inject({
                method: "GET",
                url: `/api/trpc/${path}${input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
                headers: headersOf[caller],
              })
            : await app.inject({
                method: "POST",
                url: `/api/trpc/${path}`,
                headers: { ...headersOf[caller], "content-type": "application/json" },
                payload: JSON.stringify(input ?? null),
              });
        expectOutcome(response.statusCode, permission, caller, path);
        if (response.statusCode >= 500) throw new Error(`${path} as ${caller}: ${response.body}`);
      }
    });
  }
});

describe("a foreign Host (DNS rebinding)", () => {
  it("every procedure and route answers 421 under another site's name, even to an admin's session", async () => {
    const foreign = { ...headersOf.admin, host: "evil.test" };
    for (const [path, procedure] of procedures) {
      const response = await app.inject({
        method: procedure._def.type === "mutation" ? "POST" : "GET",
        url: `/api/trpc/${path}`,
        headers: { ...foreign, "content-type": "application/json" },
        payload: procedure._def.type === "mutation" ? "null" : undefined,
      });
      expect(response.statusCode, path).toBe(421);
    }
    for (const route of restRoutes) {
      const url = route.url.replace(":thread_id", THREAD).replace(":run_id", runId);
      const response = await app.inject({ method: route.method as "GET", url, headers: foreign });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(421);
    }
    expect((await app.inject({ method: "POST", url: "/api/auth/sign-in/email", headers: foreign })).statusCode).toBe(
      421,
    );
  });
});

describe("GET /metrics", () => {
  for (const caller of CALLERS) {
    it(`as ${caller}: 401 / 403 / the Prometheus text, per the metrics permission`, async () => {
      const response = await app.inject({ method: "GET", url: "/metrics", headers: headersOf[caller] });
      expectOutcome(response.statusCode, "metrics", caller, "GET /metrics");
      if (response.statusCode === 200) {
        expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
        expect(response.body).toContain("# TYPE runboard_http_requests_total counter");
      } else {
        expect(response.json()).toMatchObject({ error: { type: "invalid_request_error" } });
      }
    });
  }
});

let resolverForSubscriptions: ReturnType<typeof createPrincipalResolver> | undefined;
function createPrincipalResolverFor() {
  resolverForSubscriptions ??= createPrincipalResolver(
    createAuth(prisma, { baseURL: BASE_URL, secret: TEST_AUTH_SECRET, rateLimit: false, logger: { disabled: true } }),
  );
  return resolverForSubscriptions;
}

describe("REST", () => {
  it("every route declares a permission unless it is public, and public ones need none", async () => {
    const guarded = restRoutes.filter((r) => r.permission !== null);
    expect(guarded.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      "GET /v1/threads/:thread_id/runs",
      "GET /v1/threads/:thread_id/runs/:run_id",
      "HEAD /v1/threads/:thread_id/runs",
      "HEAD /v1/threads/:thread_id/runs/:run_id",
      "POST /v1/threads/:thread_id/runs/:run_id",
    ]);
    for (const route of restRoutes.filter((r) => r.permission === null)) {
      expect(PUBLIC_REST_ROUTES.has(route.url), `${route.method} ${route.url}`).toBe(true);
    }
    expect((await app.inject({ method: "GET", url: "/v1/openapi.json" })).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
  });

  it("a route without a permission cannot be registered", async () => {
    const scratch = Fastify();
    scratch.addHook("onRoute", enforceRoutePermissions([]));
    expect(() => scratch.get("/v1/forgotten", async () => "open")).toThrow(/declares no permission/);
    await scratch.close();
  });

  for (const caller of CALLERS) {
    it(`as ${caller}: 401 / 403 / allowed, per the route's permission`, async () => {
      for (const route of restRoutes.filter((r) => r.permission !== null)) {
        const url = route.url.replace(":thread_id", THREAD).replace(":run_id", runId);
        const response = await app.inject({
          method: route.method as "GET",
          url,
          headers: { ...headersOf[caller], ...(route.method === "POST" ? { "content-type": "application/json" } : {}) },
          payload: route.method === "POST" ? JSON.stringify({ metadata: { matrix: `rest ${caller}` } }) : undefined,
        });
        expectOutcome(response.statusCode, route.permission as Permission, caller, `${route.method} ${route.url}`);
        if (route.method === "HEAD") continue;
        if (response.statusCode === 401) {
          expect(response.json()).toMatchObject({ error: { type: "invalid_request_error", code: "invalid_api_key" } });
        }
        if (response.statusCode === 403) {
          expect(response.json()).toMatchObject({ error: { code: "insufficient_permissions" } });
        }
      }
    });
  }

  it("records the real caller in the run's history", async () => {
    const history = await prisma.runRevision.findMany({ where: { runId }, orderBy: { version: "asc" } });
    const actors = new Set(history.map((r) => `${r.actorType}:${r.actorLabel}:${r.surface}`));
    expect([...actors].sort()).toEqual([
      "api_key:rw:rest",
      "api_key:rw:trpc",
      "user:A:rest",
      "user:A:trpc",
      "user:editor:rest",
      "user:editor:trpc",
    ]);
    expect([...actors].some((a) => a.startsWith("anonymous"))).toBe(false);
  });
});

describe("sessions", () => {
  it("a session used after a day slides forward, and the browser gets the renewed cookie", async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "viewer@m.test" } });
    const soon = new Date(Date.now() + 60 * 60 * 1000);
    await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: soon } });
    const response = await app.inject({ method: "GET", url: "/api/trpc/auth.me", headers: headersOf.viewer });
    expect(response.statusCode).toBe(200);
    const cookies = [response.headers["set-cookie"] ?? []].flat();
    expect(cookies.some((c) => c.startsWith("runboard.session_token=") && c.includes("Max-Age=604800"))).toBe(true);
    const session = await prisma.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 60 * 60 * 1000);
  });

  it("an expired session is refused and removed", async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "editor@m.test" } });
    await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await app.inject({ method: "GET", url: "/api/trpc/auth.me", headers: headersOf.editor });
    expect(response.statusCode).toBe(401);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
