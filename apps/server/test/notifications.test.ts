import { createRunService, type ImportedRun, RUN_CHANGES_CHANNEL, type RunChange } from "@runboard/api";
import { createPrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { createRunChangeFeed } from "../src/notifications.ts";

// Modifies are announced after they commit, gathered into one NOTIFY statement per short window;
// a listener (another instance) still hears every change, in order, and a shutdown sends what is
// still gathered instead of dropping it.
let db: TestDatabase;
let listener: pg.Client;
const heard: RunChange[] = [];

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  listener = new pg.Client({ connectionString: db.url });
  await listener.connect();
  listener.on("notification", (message) => heard.push(JSON.parse(message.payload as string) as RunChange));
  await listener.query(`LISTEN ${RUN_CHANGES_CHANNEL}`);
});

afterAll(async () => {
  await listener?.end();
  await db?.drop();
});

const change = (n: number): RunChange => ({
  run_id: `run_${n}`,
  thread_id: "thread_1",
  status: "completed",
  version: n,
  op: "update",
});

async function until(predicate: () => boolean) {
  while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 5));
}

it("announces every change, in order, and sends what is gathered when it closes", async () => {
  const feed = createRunChangeFeed(db.url, (message, error) => {
    throw new Error(`${message}: ${String(error)}`);
  });
  await feed.start();
  for (let n = 1; n <= 50; n++) feed.changes.announce([change(n)]);
  await until(() => heard.length === 50);
  expect(heard.map((c) => c.run_id)).toEqual(Array.from({ length: 50 }, (_, i) => `run_${i + 1}`));

  feed.changes.announce([change(51)]);
  feed.changes.announce([change(52)]);
  await feed.close();
  await until(() => heard.length === 52);
  expect(heard.slice(50).map((c) => c.version)).toEqual([51, 52]);
  feed.changes.announce([change(53)]); // after close: ignored, no error
});

const run: ImportedRun = {
  id: "run_feed",
  object: "thread.run",
  created_at: 1_767_225_600,
  thread_id: "thread_feed",
  assistant_id: "asst_feed",
  status: "completed",
  required_action: null,
  last_error: null,
  expires_at: null,
  started_at: 1_767_225_601,
  cancelled_at: null,
  failed_at: null,
  completed_at: 1_767_225_609,
  model: "gpt-4o",
  instructions: "",
  tools: [],
  file_ids: [],
  metadata: {},
};

it("is the run service's change sink: each change heard once, a modify that changes nothing not at all", async () => {
  const feed = createRunChangeFeed(db.url, (message, error) => {
    throw new Error(`${message}: ${String(error)}`);
  });
  await feed.start();
  const prisma = createPrismaClient(db.url);
  const runs = createRunService({ prisma, changes: feed.changes });
  const origin = { actor: { type: "system", id: null, label: "test" }, surface: "rest" } as const;
  heard.length = 0;
  try {
    await runs.importRuns([run]);
    await runs.modifyMetadata(run.thread_id, run.id, { tag: "a" }, origin);
    await runs.modifyMetadata(run.thread_id, run.id, { tag: "a" }, origin);
    await runs.modifyMetadata(run.thread_id, run.id, { tag: "b" }, origin);
    // Announced in order: once the last change is heard, a no-op announced before it would be too.
    await until(() => heard.some((c) => c.version === 3));
    expect(heard.map((c) => [c.op, c.version])).toEqual([
      ["insert", 1],
      ["update", 2],
      ["update", 3],
    ]);
  } finally {
    await feed.close();
    await prisma.$disconnect();
  }
});
