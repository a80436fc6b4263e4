import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  createAccountService,
  createAuth,
  createCaller,
  createRunService,
  createTRPCContext,
  type ImportedRun,
  notifyingChangeSink,
  parseImportedRun,
} from "@runboard/api";
import { generateRuns } from "@runboard/api/testing/run-fixtures";
import type { Principal, Run } from "@runboard/contract";
import { applyMigrations, createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, databaseUrl, TEST_DATABASE_URL, withClient } from "@runboard/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  findPgTools,
  hasServerBinaries,
  missingToolsMessage,
  type PgTools,
  type PrivatePostgres,
  serverMajor,
  startPrivatePostgres,
} from "./pg-tools.ts";
import { type ServerProcess, startServer } from "./server-process.ts";

// The README's backup and restore, done for real: a store filled through the run service (runs,
// metadata changes = history, users, API keys), `pg_dump --format=custom`, `pg_restore` into a
// fresh empty database, then the two stores compared (every table's rows, the runs through the
// service, the revision chains) and the restored one serving through the real server.

const run = promisify(execFile);

let tools: PgTools;
let privateServer: PrivatePostgres | undefined;
let serverUrl: string;
let folder: string;
const dropped: string[] = [];

const source = {} as { url: string; prisma: PrismaClient };
const restored = {} as { url: string; prisma: PrismaClient };
let apiKey: string;
let editor: Principal;
const THREADS_CHANGED: { thread_id: string; run_id: string }[] = [];

const serviceOf = (prisma: PrismaClient) => createRunService({ prisma, changes: notifyingChangeSink(prisma) });
const callerOf = (prisma: PrismaClient, principal: Principal) =>
  createCaller(createTRPCContext({ runService: serviceOf(prisma), principal }));

async function createDatabase(base: string, name: string, template = "template0"): Promise<string> {
  await withClient(base, (c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  dropped.push(name);
  return databaseUrl(name, base);
}

function parsed(value: unknown): ImportedRun {
  const result = parseImportedRun(value);
  if (!result.ok) throw new Error(JSON.stringify(result.detail));
  return result.run;
}

async function exportAll(prisma: PrismaClient): Promise<Run[]> {
  const runs: Run[] = [];
  for await (const r of serviceOf(prisma).exportRuns()) runs.push(r);
  return runs;
}

/** Every table of the public schema: its row count and a digest of all its rows. */
async function tableContents(url: string) {
  return withClient(url, async (client) => {
    const tables = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const contents: Record<string, { rows: number; digest: string }> = {};
    for (const { name } of tables.rows) {
      const table = client.escapeIdentifier(name);
      const { rows } = await client.query<{ rows: string; digest: string | null }>(
        `SELECT count(*) AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM ${table} t`,
      );
      contents[name] = { rows: Number(rows[0]?.rows), digest: rows[0]?.digest ?? "" };
    }
    return contents;
  });
}

beforeAll(async () => {
  // pg_dump refuses a server newer than itself: use tools of the tests' server's version or newer,
  // else a private server of the newest tools' own version (their folder's initdb and postgres).
  const major = await serverMajor(TEST_DATABASE_URL);
  const all = findPgTools();
  const matching = all.filter((t) => t.major >= major).sort((a, b) => a.major - b.major)[0];
  if (matching) {
    tools = matching;
    serverUrl = TEST_DATABASE_URL;
    const db = await createTestDatabase(inject("templateDatabase"));
    dropped.push(db.name);
    source.url = db.url;
  } else {
    const withServer = all.find(hasServerBinaries);
    if (!withServer) throw new Error(missingToolsMessage(major, all));
    tools = withServer;
    privateServer = await startPrivatePostgres(tools);
    serverUrl = privateServer.url;
    source.url = await createDatabase(serverUrl, `rb_backup_source_${randomBytes(4).toString("hex")}`);
    await applyMigrations(source.url);
  }
  console.log(
    privateServer
      ? `backup test: the tests' PostgreSQL is ${major}, newer than every pg_dump here; ` +
          `dumping a private PostgreSQL ${tools.major} with ${tools.version}`
      : `backup test: ${tools.version} on the tests' PostgreSQL ${major}`,
  );
  folder = await mkdtemp(join(tmpdir(), "runboard-backup-"));
  source.prisma = createPrismaClient(source.url);

  // Users and API keys, as the server makes them (random passwords, the server's key hashing).
  const auth = createAuth(source.prisma, {
    baseURL: "http://127.0.0.1",
    secret: randomBytes(32).toString("base64url"),
    rateLimit: false,
    logger: { disabled: true },
  });
  const accounts = createAccountService({ auth, prisma: source.prisma });
  const password = () => randomBytes(18).toString("base64url");
  const admin = await accounts.createUser({
    email: "ops@backup.test",
    name: "Ops",
    password: password(),
    role: "admin",
  });
  const user = await accounts.createUser({ email: "ed@backup.test", name: "Ed", password: password(), role: "editor" });
  editor = { type: "user", id: user.id, label: "Ed", email: "ed@backup.test", role: "editor" };
  apiKey = (await accounts.createKey(admin.id, { name: "service", scope: "read_write" })).key;
  const revoked = await accounts.createKey(admin.id, { name: "old", scope: "read" });
  await accounts.revokeKey(revoked.id);

  // Runs through the service's import, then metadata changes (the history) through the router,
  // as an operator and as the API key, with deletions; and a re-import that changes some.
  const generated = generateRuns(400, { seed: 15, prefix: "run_backup" });
  const service = serviceOf(source.prisma);
  for (let i = 0; i < generated.length; i += 100) {
    const result = await service.importRuns(generated.slice(i, i + 100).map(parsed));
    expect(result.rejected).toEqual([]);
  }
  const asEditor = callerOf(source.prisma, editor);
  const asKey = callerOf(source.prisma, {
    type: "api_key",
    id: "key_backup",
    label: "service",
    scope: "read_write",
    ownerId: admin.id,
  });
  // Runs with room for the keys these changes add (some generated runs are at the 16-key limit).
  const roomy = generated.filter((r) => Object.keys(r.metadata).length <= 12);
  for (const [i, r] of roomy.slice(0, 60).entries()) {
    const at = { thread_id: r.thread_id, run_id: r.id };
    THREADS_CHANGED.push(at);
    await asEditor.run.modify({ ...at, metadata: { backup_step: "1", owner: `team-${i % 4}` } });
    await asKey.run.modify({ ...at, metadata: { backup_step: "2", ticket: `T-${i}` } });
    await asEditor.run.modify({ ...at, metadata: { backup_step: "3", owner: null } });
  }
  const reimported = roomy.slice(60, 80).map((r) => parsed({ ...r, metadata: { imported: "again" } }));
  expect((await service.importRuns(reimported)).updated).toBe(20);
}, 240_000);

afterAll(async () => {
  await source.prisma?.$disconnect();
  await restored.prisma?.$disconnect();
  for (const name of dropped) {
    await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch(() => {});
  }
  await privateServer?.stop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe("backup with pg_dump and restore with pg_restore", () => {
  it("restores into a fresh, empty database exactly what was dumped", async () => {
    const dump = join(folder, "runboard.dump");
    // The README's commands (`DATABASE_URL` → the source, `RESTORE_URL` → the fresh database).
    await run(tools.pgDump, ["--format=custom", "--no-owner", "--no-privileges", `--file=${dump}`, source.url]);
    expect((await stat(dump)).size).toBeGreaterThan(0);
    restored.url = await createDatabase(serverUrl, `rb_backup_restored_${randomBytes(4).toString("hex")}`);
    await run(tools.pgRestore, [
      "--no-owner",
      "--no-privileges",
      "--exit-on-error",
      "--single-transaction",
      `--dbname=${restored.url}`,
      dump,
    ]);
    restored.prisma = createPrismaClient(restored.url);

    // Every table: the same rows (users, keys, sessions, runs, revisions, _prisma_migrations, …).
    const before = await tableContents(source.url);
    const after = await tableContents(restored.url);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after).toEqual(before);
    expect(before.runs?.rows).toBe(400);
    expect(before.run_revisions?.rows).toBe(60 * 3 + 20);
    expect(before.users?.rows).toBe(2);
    expect(before.api_keys?.rows).toBe(2);

    // The runs as the service reads them, byte for byte.
    expect(JSON.stringify(await exportAll(restored.prisma))).toBe(JSON.stringify(await exportAll(source.prisma)));
  });

  it("keeps every run's history, and each chain is unbroken", async () => {
    const fromSource = callerOf(source.prisma, editor);
    const fromRestored = callerOf(restored.prisma, editor);
    for (const at of THREADS_CHANGED) {
      const history = await fromRestored.run.history({ ...at, limit: 100 });
      expect(history).toEqual(await fromSource.run.history({ ...at, limit: 100 }));
      const chain = [...history.data].reverse();
      expect(chain.map((r) => r.version)).toEqual([2, 3, 4]);
      for (let i = 1; i < chain.length; i++) expect(chain[i]?.metadata_before).toEqual(chain[i - 1]?.metadata_after);
      const current = await fromRestored.run.get(at);
      expect(chain.at(-1)?.metadata_after).toEqual(current.metadata);
      expect(chain.map((r) => r.actor.label)).toEqual(["Ed", "service", "Ed"]);
    }
  });

  it("serves from the restored store: the old API key works and new changes continue the chain", async () => {
    let server: ServerProcess | undefined;
    try {
      // No migrations on start: the restored _prisma_migrations must already say they are all applied.
      server = await startServer({
        DATABASE_URL: restored.url,
        RUNBOARD_SEED_DEMO: "false",
        RUNBOARD_MIGRATE_ON_START: "false",
      });
      await server.ready;
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      const [at] = THREADS_CHANGED as [{ thread_id: string; run_id: string }];
      const path = `${server.url}/v1/threads/${at.thread_id}/runs/${at.run_id}`;
      const auth = { authorization: `Bearer ${apiKey}` };
      const got = await fetch(path, { headers: auth });
      expect(got.status).toBe(200);
      const expected = await callerOf(source.prisma, editor).run.get(at);
      expect(await got.json()).toEqual(expected);

      const modified = await fetch(path, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: JSON.stringify({ metadata: { restored: "yes" } }),
      });
      expect(modified.status).toBe(200);
      expect(((await modified.json()) as Run).version).toBe(expected.version + 1);
      const history = await callerOf(restored.prisma, editor).run.history({ ...at, limit: 1 });
      expect(history.data[0]).toMatchObject({
        version: expected.version + 1,
        metadata_before: expected.metadata,
        actor: { type: "api_key", label: "service" },
        surface: "rest",
      });
    } finally {
      await server?.stop();
    }
  });
});
