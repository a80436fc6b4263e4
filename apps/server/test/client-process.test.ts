import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { ImportedRun } from "@runboard/api";
import { createRunService, notifyingChangeSink } from "@runboard/api";
import { testAccounts } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type ServerProcess, startServer } from "./server-process.ts";

// `packages/client` as another service uses it: its own process, over HTTP, against the real server.
const here = dirname(fileURLToPath(import.meta.url));
const tsx = resolve(here, "../node_modules/.bin/tsx");
const script = resolve(here, "../../../packages/client/test/list-and-tag.ts");
const THREAD = "thread_client";

let db: TestDatabase;
let prisma: PrismaClient;
let server: ServerProcess;
let apiKey: string;

function fixture(i: number, status: ImportedRun["status"], thread = THREAD): ImportedRun {
  return {
    id: `run_client_${i}`,
    object: "thread.run",
    created_at: 1_767_225_600 + i,
    thread_id: thread,
    assistant_id: "asst_client",
    status,
    required_action: null,
    last_error: status === "failed" ? { code: "server_error", message: "boom" } : null,
    expires_at: null,
    started_at: 1_767_225_601 + i,
    cancelled_at: null,
    failed_at: status === "failed" ? 1_767_225_605 + i : null,
    completed_at: status === "completed" ? 1_767_225_605 + i : null,
    model: "gpt-4o",
    instructions: "",
    tools: [],
    file_ids: [],
    metadata: { source: "fixture" },
  };
}

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
  await createRunService({ prisma, changes: notifyingChangeSink(prisma) }).importRuns([
    fixture(1, "completed"),
    fixture(2, "failed"),
    fixture(3, "in_progress"),
    fixture(4, "completed", "thread_other"),
  ]);
  apiKey = (await testAccounts(prisma).key("read_write", "client-process")).key;
  server = await startServer({ DATABASE_URL: db.url, RUNBOARD_SEED_DEMO: "false" });
  await server.ready;
});

afterAll(async () => {
  await server?.stop();
  await prisma?.$disconnect();
  await db?.drop();
});

it("lists, tags and reads a 422 through @runboard/client from a separate process", async () => {
  const { stdout } = await promisify(execFile)(tsx, [script], {
    env: { ...process.env, RUNBOARD_URL: server.url, THREAD_ID: THREAD, RUNBOARD_API_KEY: apiKey },
  });
  expect(JSON.parse(stdout)).toEqual({
    listed: ["run_client_1", "run_client_2", "run_client_3"],
    tagged: {
      id: "run_client_2",
      metadata: { source: "fixture", triage: "needs-review", reviewer: "client-process" },
    },
    rejected: [
      {
        loc: ["body", "metadata", "k16"],
        msg: "metadata can have at most 16 keys; 'k16' would be key 17",
        type: "object_above_max_properties",
      },
    ],
    missing: true,
    // Every request carried the key as a Bearer token.
    authorizations: [true],
  });

  const stored = await prisma.run.findUniqueOrThrow({ where: { id: "run_client_2" } });
  expect(stored.metadata).toEqual({ source: "fixture", triage: "needs-review", reviewer: "client-process" });
  expect(stored.version).toBe(2);
});
