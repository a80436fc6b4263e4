// The demo data set against a real PostgreSQL: two scratch databases, migrated by the project's
// own runner, seeded independently, so determinism is checked across databases, not in memory.
import { randomBytes } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient, type Run } from "../src/generated/prisma/client.ts";
import { applyMigrations } from "../src/migrate/index.ts";
import { seedDemoData } from "../src/seed/demo.ts";

const ADMIN_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const STATUSES = [
  "queued",
  "in_progress",
  "requires_action",
  "cancelling",
  "cancelled",
  "failed",
  "completed",
  "expired",
] as const;

interface ScratchDb {
  name: string;
  prisma: PrismaClient;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function createScratchDb(): Promise<ScratchDb> {
  const name = `rb_seed_${randomBytes(5).toString("hex")}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return { name, prisma: new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString() }) }) };
}

async function dropScratchDb(db: ScratchDb | undefined): Promise<void> {
  if (!db) return;
  await db.prisma.$disconnect();
  await admin(`DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`);
}

/** md5 over every column of every row (updated_at and version included), in id order. */
async function digest(prisma: PrismaClient): Promise<string> {
  const parts: string[] = [];
  for (const table of ["assistants", "threads", "runs"]) {
    const rows = await prisma.$queryRawUnsafe<{ digest: string | null }[]>(
      `SELECT md5(string_agg(to_jsonb(t)::text, E'\\n' ORDER BY t.id)) AS digest FROM "${table}" t`,
    );
    parts.push(`${table}:${rows[0]?.digest}`);
  }
  return parts.join(" ");
}

const keys = (value: unknown): string[] => Object.keys(value as Record<string, unknown>);

describe("seedDemoData", () => {
  let first: ScratchDb | undefined;
  let second: ScratchDb | undefined;
  let runs: Run[] = [];

  beforeAll(async () => {
    // Sequential: the wasm schema engine is one instance per process.
    first = await createScratchDb();
    second = await createScratchDb();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([dropScratchDb(first), dropScratchDb(second)]);
  });

  it("inserts 4 assistants, 50 threads and 500 runs into an empty store", async () => {
    const db = first as ScratchDb;
    expect(await seedDemoData(db.prisma)).toEqual({ assistants: 4, threads: 50, runs: 500 });
    expect(await db.prisma.run.count()).toBe(500);
    runs = await db.prisma.run.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });

    const assistants = await db.prisma.assistant.findMany();
    expect(new Set(assistants.map((a) => a.model)).size).toBe(4);
    for (const a of assistants) expect(a.instructions?.length).toBeGreaterThan(50);
  });

  it("uses OpenAI-shaped ids and distinct creation times within each thread", () => {
    for (const run of runs) {
      expect(run.id).toMatch(/^run_[A-Za-z0-9]{24}$/);
      expect(run.threadId).toMatch(/^thread_[A-Za-z0-9]{24}$/);
      expect(run.assistantId).toMatch(/^asst_[A-Za-z0-9]{24}$/);
      for (const file of run.fileIds) expect(file).toMatch(/^file-[A-Za-z0-9]{24}$/);
    }
    const perThread = new Set(runs.map((r) => `${r.threadId}@${r.createdAt.getTime()}`));
    expect(perThread.size).toBe(runs.length);
    expect(runs.some((r) => r.fileIds.length > 0)).toBe(true);
    expect(runs.some((r) => r.instructions.length > 4_000)).toBe(true);
  });

  it("covers all 8 statuses, each with the timestamps it implies", () => {
    expect(new Set(runs.map((r) => r.status))).toEqual(new Set(STATUSES));
    for (const run of runs) {
      const inFlight = ["queued", "in_progress", "requires_action", "cancelling"].includes(run.status);
      expect(run.expiresAt !== null).toBe(inFlight || run.status === "expired");
      expect(run.completedAt !== null).toBe(run.status === "completed");
      expect(run.failedAt !== null).toBe(run.status === "failed");
      expect(run.cancelledAt !== null).toBe(run.status === "cancelled");
      expect(run.lastError !== null).toBe(run.status === "failed");
      expect(run.requiredAction !== null).toBe(run.status === "requires_action");
      if (["in_progress", "requires_action", "cancelling", "completed", "failed"].includes(run.status)) {
        expect(run.startedAt).not.toBeNull();
      }
      if (run.status === "queued") expect(run.startedAt).toBeNull();
    }
  });

  it("gives requires_action runs 1–3 tool calls to functions the run declares", () => {
    const waiting = runs.filter((r) => r.status === "requires_action");
    expect(waiting.length).toBeGreaterThan(0);
    for (const run of waiting) {
      const action = run.requiredAction as {
        type: string;
        submit_tool_outputs: {
          tool_calls: { id: string; type: string; function: { name: string; arguments: string } }[];
        };
      };
      expect(action.type).toBe("submit_tool_outputs");
      const calls = action.submit_tool_outputs.tool_calls;
      expect(calls.length).toBeGreaterThanOrEqual(1);
      expect(calls.length).toBeLessThanOrEqual(3);
      const declared = (run.tools as { type: string; function?: { name: string } }[])
        .filter((t) => t.type === "function")
        .map((t) => t.function?.name);
      for (const call of calls) {
        expect(call.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
        expect(call.type).toBe("function");
        expect(declared).toContain(call.function.name);
        expect(typeof JSON.parse(call.function.arguments)).toBe("object");
      }
    }
  });

  it("gives failed runs a last_error with an OpenAI error code", () => {
    const failed = runs.filter((r) => r.status === "failed");
    expect(failed.length).toBeGreaterThan(0);
    for (const run of failed) {
      const error = run.lastError as { code: string; message: string };
      expect(["server_error", "rate_limit_exceeded"]).toContain(error.code);
      expect(error.message.length).toBeGreaterThan(0);
    }
  });

  it("spans metadata from empty to the contract's limits", () => {
    const sizes = runs.map((r) => keys(r.metadata).length);
    expect(sizes).toContain(0);
    expect(sizes).toContain(16);
    expect(Math.max(...sizes)).toBe(16);
    const values = runs.flatMap((r) => Object.entries(r.metadata as Record<string, unknown>));
    for (const [key, value] of values) {
      expect(key.length).toBeLessThanOrEqual(64);
      expect(typeof value).toBe("string");
      expect((value as string).length).toBeLessThanOrEqual(512);
    }
    expect(values.some(([key]) => key.length === 64)).toBe(true);
    expect(values.some(([, value]) => (value as string).length === 512)).toBe(true);
    expect(values.some(([, value]) => [...(value as string)].some((ch) => (ch.codePointAt(0) ?? 0) > 127))).toBe(true);
  });

  it("produces identical rows when seeded into another database", async () => {
    const db = second as ScratchDb;
    expect(await seedDemoData(db.prisma)).toEqual({ assistants: 4, threads: 50, runs: 500 });
    expect(await digest(db.prisma)).toBe(await digest((first as ScratchDb).prisma));
  });

  it("changes nothing when called again on a seeded store", async () => {
    const db = first as ScratchDb;
    const before = await digest(db.prisma);
    expect(before).not.toContain("null"); // every table has rows, so every part is a real md5
    expect(await seedDemoData(db.prisma)).toEqual({ assistants: 4, threads: 50, runs: 500 });
    expect(await digest(db.prisma)).toBe(before);
  });
});
