import { insertRuns } from "@runboard/api/testing";
import { bearer, testAccounts } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type ServerProcess, startServer } from "./server-process.ts";

// Two app instances on one database: a change made through one reaches a subscriber of the other.
let db: TestDatabase;
let prisma: PrismaClient;
let a: ServerProcess;
let b: ServerProcess;
let auth: { authorization: string };

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
  auth = bearer((await testAccounts(prisma).key("read_write", "live-tests")).key);
  [a, b] = await Promise.all([
    startServer({ DATABASE_URL: db.url, RUNBOARD_SEED_DEMO: "false" }),
    startServer({ DATABASE_URL: db.url, RUNBOARD_SEED_DEMO: "false" }),
  ]);
  await Promise.all([a.ready, b.ready]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await prisma?.$disconnect();
  await db?.drop();
});

/** Reads tRPC's server-sent events for `live.runChanges` until `count` data events arrived. */
async function subscribe(url: string, input: object) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/trpc/live.runChanges?input=${encodeURIComponent(JSON.stringify(input))}`, {
    headers: { accept: "text/event-stream", ...auth },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toContain("text/event-stream");
  const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const events: unknown[] = [];
  let connected = false;
  async function until(predicate: () => boolean) {
    while (!predicate()) {
      const { value, done } = await reader.read();
      if (done) throw new Error("event stream ended");
      buffer += value;
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: connected/m.test(block)) connected = true;
        const data = block.match(/^data: (.*)$/m)?.[1];
        if (data && !/^event: (connected|ping)/m.test(block)) events.push(JSON.parse(data));
        end = buffer.indexOf("\n\n");
      }
    }
  }
  return {
    events,
    connected: () => until(() => connected),
    next: (count: number) => until(() => events.length >= count),
    close: () => controller.abort(),
  };
}

it("delivers a change made through one instance to a subscriber on another, filtered by run", async () => {
  const [runId, otherId] = await insertRuns(prisma, [{ threadId: "thread_live" }, { threadId: "thread_live" }]);
  const stream = await subscribe(b.url, { thread_id: "thread_live", run_id: runId });
  await stream.connected();

  // A change to another run must not arrive; the one to ours must.
  await fetch(`${a.url}/v1/threads/thread_live/runs/${otherId}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth },
    body: JSON.stringify({ metadata: { noise: "1" } }),
  });
  const response = await fetch(`${a.url}/v1/threads/thread_live/runs/${runId}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth },
    body: JSON.stringify({ metadata: { reviewed: "yes" } }),
  });
  expect(response.status).toBe(200);
  await stream.next(1);
  expect(stream.events[0]).toMatchObject({ run_id: runId, thread_id: "thread_live", op: "update", version: 2 });

  // A status change made straight in the database (e.g. by a worker) is announced too.
  await prisma.run.update({ where: { id: runId as string }, data: { status: "failed" } });
  await stream.next(2);
  expect(stream.events[1]).toMatchObject({ run_id: runId, status: "failed" });
  expect(stream.events).toHaveLength(2);
  stream.close();
});

it("ends open event streams when the server shuts down, so SIGTERM still drains", async () => {
  const extra = await startServer({ DATABASE_URL: db.url, RUNBOARD_SEED_DEMO: "false" });
  await extra.ready;
  const stream = await subscribe(extra.url, {});
  await stream.connected();
  expect(await extra.stop("SIGTERM")).toBe(0);
  await expect(stream.next(1)).rejects.toThrow();
});
