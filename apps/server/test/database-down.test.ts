import { connect, createServer, type Server, type Socket } from "node:net";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, databaseUrl, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { bearer, testAccounts } from "../../../packages/api/test/auth-fixtures.ts";
import { insertRuns } from "../../../packages/api/test/setup.ts";
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
