import type { Run } from "@runboard/contract";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, listen, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createRunService, RUN_CHANGES_CHANNEL, type RunChange, type RunService } from "../src/index.ts";
import { generateRuns } from "./run-fixtures.ts";

// Every write of the run service reports its change to the sink once, after it committed, and
// nothing when it changed nothing. The runs_notify_* triggers stay silent for those writes and
// still announce what plain SQL writes.
let db: TestDatabase;
let prisma: PrismaClient;
let listener: { close(): Promise<unknown> };
let service: RunService;
const reported: RunChange[] = [];
const heard: string[] = [];
let onHeard = () => {};

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  // One connection: the plain-SQL writes below share it with the service's, so a marker that
  // outlived its statement's transaction would silence them.
  prisma = createPrismaClient(db.url, { maxConnections: 1 });
  service = createRunService({ prisma, changes: { announce: (changes) => void reported.push(...changes) } });
  listener = await listen(db.url, RUN_CHANGES_CHANNEL, (payload) => {
    heard.push(payload);
    onHeard();
  });
});

afterAll(async () => {
  await listener?.close();
  await prisma?.$disconnect();
  await db?.drop();
});

beforeEach(async () => {
  await announcedByTrigger();
  reported.length = 0;
});

let markers = 0;

/**
 * What the triggers announced since the last call. PostgreSQL delivers notifications in commit
 * order, so once a marker sent after the writes arrives, everything they announced has too.
 */
async function announcedByTrigger(): Promise<RunChange[]> {
  const marker = `marker ${++markers}`;
  const arrived = new Promise<void>((resolve) => {
    onHeard = () => heard.includes(marker) && resolve();
  });
  await prisma.$executeRaw`SELECT pg_notify(${RUN_CHANGES_CHANNEL}, ${marker})`;
  await arrived;
  const before = heard.splice(0, heard.indexOf(marker) + 1).slice(0, -1);
  return before.map((payload) => JSON.parse(payload) as RunChange);
}

const change = (run: Run, op: RunChange["op"], version: number): RunChange => ({
  run_id: run.id,
  thread_id: run.thread_id,
  status: run.status,
  version,
  op,
});

describe("the change sink", () => {
  const [run] = generateRuns(1, { prefix: "run_sink", seed: 11 }) as [Run];

  it("announces an imported run once, as an insert, and not through the trigger", async () => {
    await service.importRuns([run]);
    expect(reported).toEqual([change(run, "insert", 1)]);
    expect(await announcedByTrigger()).toEqual([]);
  });

  it("announces a modify once", async () => {
    await service.modifyMetadata(run.thread_id, run.id, { reviewed: "yes" }, { actor: SYSTEM, surface: "rest" });
    expect(reported).toEqual([change(run, "update", 2)]);
    expect(await announcedByTrigger()).toEqual([]);
  });

  it("announces nothing for a modify that changes nothing", async () => {
    await service.modifyMetadata(run.thread_id, run.id, { reviewed: "yes" }, { actor: SYSTEM, surface: "rest" });
    expect(reported).toEqual([]);
    expect(await announcedByTrigger()).toEqual([]);
  });

  it("announces an import that changes a status exactly once", async () => {
    const stored = await service.get(run.thread_id, run.id);
    const cancelled: Run = { ...stored, status: "cancelled" };
    await service.importRuns([cancelled]);
    expect(reported).toEqual([change(cancelled, "update", 3)]);
    expect(await announcedByTrigger()).toEqual([]);

    await service.importRuns([cancelled]);
    expect(reported).toHaveLength(1);
    expect(await announcedByTrigger()).toEqual([]);
  });

  it("leaves a status changed with plain SQL to the trigger", async () => {
    await prisma.$executeRaw`UPDATE runs SET status = 'expired' WHERE id = ${run.id}`;
    expect(await announcedByTrigger()).toEqual([{ ...change(run, "update", 3), status: "expired" }]);
    expect(reported).toEqual([]);
  });
});

const SYSTEM = { type: "system", id: null, label: "test" } as const;
