import type { Principal } from "@runboard/contract";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, inject } from "vitest";
import { createCaller, createRunService, createTRPCContext, notifyingChangeSink } from "../src/index.ts";

/** The operator the in-process test caller acts as (an editor: reads and modifies). */
export const TEST_EDITOR: Principal = {
  type: "user",
  id: "user_test_editor",
  label: "Test Editor",
  email: "editor@runboard.test",
  role: "editor",
};

/** The run service over `prisma`, announcing its writes as the CLI does (one NOTIFY per write). */
export const runServiceFor = (prisma: PrismaClient) =>
  createRunService({ prisma, changes: notifyingChangeSink(prisma) });

/** A fresh migrated database for this test file, and the router called in-process on it. */
export function useTestRouter() {
  const state = {} as { db: TestDatabase; prisma: PrismaClient; caller: ReturnType<typeof createCaller> };
  beforeAll(async () => {
    state.db = await createTestDatabase(inject("templateDatabase"));
    state.prisma = createPrismaClient(state.db.url, { maxConnections: 20 });
    state.caller = createCaller(createTRPCContext({ runService: runServiceFor(state.prisma), principal: TEST_EDITOR }));
  });
  afterAll(async () => {
    await state.prisma?.$disconnect();
    await state.db?.drop();
  });
  return state;
}

let sequence = 0;

export interface RunFixture {
  id?: string;
  threadId: string;
  assistantId?: string;
  status?:
    | "queued"
    | "in_progress"
    | "requires_action"
    | "cancelling"
    | "cancelled"
    | "failed"
    | "completed"
    | "expired";
  createdAt?: Date;
  metadata?: Record<string, string>;
}

/** Inserts runs (and the threads/assistants they name) straight through Prisma. */
export async function insertRuns(prisma: PrismaClient, runs: RunFixture[]): Promise<string[]> {
  const threads = [...new Set(runs.map((r) => r.threadId))];
  const assistants = [...new Set(runs.map((r) => r.assistantId ?? "asst_test"))];
  await prisma.thread.createMany({ data: threads.map((id) => ({ id })), skipDuplicates: true });
  await prisma.assistant.createMany({ data: assistants.map((id) => ({ id, model: "gpt-4o" })), skipDuplicates: true });
  const data = runs.map((r) => {
    sequence++;
    return {
      id: r.id ?? `run_${String(sequence).padStart(8, "0")}_${Math.random().toString(36).slice(2, 8)}`,
      threadId: r.threadId,
      assistantId: r.assistantId ?? "asst_test",
      status: r.status ?? "completed",
      createdAt: r.createdAt ?? new Date(Date.UTC(2026, 0, 1) + sequence * 1000),
      model: "gpt-4o",
      instructions: "Be helpful.",
      metadata: r.metadata ?? {},
    };
  });
  await prisma.run.createMany({ data });
  return data.map((d) => d.id);
}
