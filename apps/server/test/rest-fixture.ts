import { bearer, testAccounts } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, inject } from "vitest";
import { type ServerProcess, startServer } from "./server-process.ts";

export { insertRuns } from "@runboard/api/testing";
export { bearer, testAccounts } from "@runboard/api/testing/auth-fixtures";

/** The real server process on this test file's own database, and Prisma on it for fixtures. */
export function useRestServer() {
  const state = {} as {
    db: TestDatabase;
    prisma: PrismaClient;
    server: ServerProcess;
    url: string;
    /** A read_write API key (what a service would use) and its Authorization header. */
    key: string;
    auth: { authorization: string };
  };
  beforeAll(async () => {
    state.db = await createTestDatabase(inject("templateDatabase"));
    state.prisma = createPrismaClient(state.db.url);
    state.key = (await testAccounts(state.prisma).key("read_write", "rest-tests")).key;
    state.auth = bearer(state.key);
    state.server = await startServer({ DATABASE_URL: state.db.url, RUNBOARD_SEED_DEMO: "false" });
    await state.server.ready;
    state.url = state.server.url;
  });
  afterAll(async () => {
    await state.server?.stop();
    await state.prisma?.$disconnect();
    await state.db?.drop();
  });
  return state;
}

/** n metadata entries `k0`…`k{n-1}`. */
export function metadataOf(n: number, prefix = "k"): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]));
}
