import { connect, createServer, type Server, type Socket } from "node:net";
import { insertRuns } from "@runboard/api/testing";
import { bearer, TEST_PASSWORD, testAccounts } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, databaseUrl, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { freePort, type ServerProcess, startServer } from "./server-process.ts";

/** A TCP hop between Runboard and PostgreSQL that the test can cut and restore, like an outage. */
function databaseLink(port: number, target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  return {
    up: () =>
      new Promise<void>((done) => {
        server = createServer((client) => {
          const upstream = connect(Number(target.port || 5432), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on("close", () => sockets.delete(s));
            s.on("error", () => s.destroy());
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, "127.0.0.1", () => done());
      }),
    down: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server ? server.close(() => done()) : done();
        server = null;
      }),
  };
}

let db: TestDatabase;
let prisma: PrismaClient;
let server: ServerProcess;
let link: ReturnType<typeof databaseLink>;
let auth: { authorization: string };

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
  auth = bearer((await testAccounts(prisma).key("read", "outage-test")).key);
  const port = await freePort();
  link = databaseLink(port, new URL(db.url));
  await link.up();
  const viaLink = new URL(databaseUrl(db.name));
  viaLink.port = String(port);
  viaLink.hostname = "127.0.0.1";
  server = await startServer({ DATABASE_URL: viaLink.toString(), RUNBOARD_SEED_DEMO: "false" });
  await server.ready;
});

afterAll(async () => {
  await server?.stop();
  await link?.down();
  await prisma?.$disconnect();
  await db?.drop();
});

it("answers 503 with a clear message while PostgreSQL is unreachable, and recovers by itself", async () => {
  const [runId] = (await insertRuns(prisma, [{ threadId: "thread_down" }])) as [string];
  const rest = () => fetch(`${server.url}/v1/threads/thread_down/runs/${runId}`, { headers: auth });
  const trpc = () =>
    fetch(
      `${server.url}/api/trpc/run.get?input=${encodeURIComponent(JSON.stringify({ thread_id: "thread_down", run_id: runId }))}`,
      { headers: auth },
    );
  expect((await rest()).status).toBe(200);

  await link.down();
  const restDown = await rest();
  expect(restDown.status).toBe(503);
  expect(((await restDown.json()) as { error: { code: string; message: string } }).error).toMatchObject({
    code: "database_unavailable",
    message: expect.stringContaining("database is unavailable"),
  });
  const trpcDown = await trpc();
  expect(trpcDown.status).toBe(503);
  expect(((await trpcDown.json()) as { error: { message: string } }).error.message).toContain(
    "database is unavailable",
  );
  expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  await link.up();
  // No restart: the pool reconnects on its own once the database answers again.
  await expect.poll(async () => (await rest()).status, { timeout: 15_000, interval: 200 }).toBe(200);
  expect((await trpc()).status).toBe(200);
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
});

it("answers the same 503 when the caller's credentials cannot be checked during the outage", async () => {
  const accounts = testAccounts(prisma);
  const [runId] = (await insertRuns(prisma, [{ threadId: "thread_down" }])) as [string];
  const rest = `/v1/threads/thread_down/runs/${runId}`;
  const trpc = `/api/trpc/run.get?input=${encodeURIComponent(JSON.stringify({ thread_id: "thread_down", run_id: runId }))}`;
  // One request id for every call, so that the 503 bodies (which name it) compare as the same bytes.
  const call = (path: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { headers: { "x-request-id": "outage-check", ...headers } });
  // One key the server has just checked (it remembers it for a few seconds), one it has never seen,
  // and an operator's session.
  const known = bearer((await accounts.key("read", "outage-known")).key);
  const unseen = bearer((await accounts.key("read", "outage-unseen")).key);
  const viewer = await accounts.user("viewer");
  const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email: viewer.email, password: TEST_PASSWORD }),
  });
  expect(signIn.status).toBe(200);
  const session = {
    cookie: signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
  expect((await call(rest, known)).status).toBe(200);

  await link.down();
  try {
    // The known key gets as far as the query, which fails: that is the 503 to match.
    const restFailed = await call(rest, known);
    const trpcFailed = await call(trpc, known);
    expect([restFailed.status, trpcFailed.status]).toEqual([503, 503]);
    const restBody = await restFailed.text();
    const trpcBody = await trpcFailed.text();
    expect(JSON.parse(restBody).error).toMatchObject({ code: "database_unavailable", request_id: "outage-check" });
    expect(JSON.parse(trpcBody).error.data).toMatchObject({
      code: "SERVICE_UNAVAILABLE",
      path: "run.get",
      requestId: "outage-check",
    });
    for (const [who, headers] of [
      ["an unseen key", unseen],
      ["a session", session],
    ] as const) {
      const restAnswer = await call(rest, headers);
      expect(restAnswer.status, who).toBe(503);
      expect(restAnswer.headers.get("retry-after"), who).toBe(restFailed.headers.get("retry-after"));
      expect(await restAnswer.text(), who).toBe(restBody);
      const trpcAnswer = await call(trpc, headers);
      expect(trpcAnswer.status, who).toBe(503);
      expect(await trpcAnswer.text(), who).toBe(trpcBody);
    }
  } finally {
    await link.up();
  }
  // The unseen key was never refused: once the database answers, it works.
  await expect.poll(async () => (await call(rest, unseen)).status, { timeout: 15_000, interval: 200 }).toBe(200);
  expect((await call(trpc, session)).status).toBe(200);
});
