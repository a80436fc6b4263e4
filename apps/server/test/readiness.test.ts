import { applyMigrations } from "@runboard/db";
import { createEmptyDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type ServerProcess, startServer } from "./server-process.ts";

let db: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  db = await createEmptyDatabase();
});

afterAll(async () => {
  await server?.stop();
  await db?.drop();
});

it("answers /readyz 200 only once the migrations are applied", async () => {
  server = await startServer({ DATABASE_URL: db.url, RUNBOARD_MIGRATE_ON_START: "false" });
  await server.ready;
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

  const before = await fetch(`${server.url}/readyz`);
  expect(before.status).toBe(503);
  expect(((await before.json()) as { reason: string }).reason).toMatch(/^migrations not applied: \d+_init/);

  const { applied } = await applyMigrations(db.url);
  expect(applied.length).toBeGreaterThan(0);

  const after = await fetch(`${server.url}/readyz`);
  expect(after.status).toBe(200);
  expect(await server.stop()).toBe(0);
});
