// `npm test` on a machine with only Node.js (scripts/run.mjs + scripts/test-env.mjs): the two
// paths a fresh machine takes. PostgreSQL and Chromium cannot be removed from this machine, so
// their absence is made real for the process under test: no TEST_DATABASE_URL, and a
// CHROMIUM_PATH that points nowhere with a PATH on which apt-get cannot be found.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureChromium, startTestDatabase } from "../../../scripts/test-env.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("the tests' PostgreSQL", () => {
  it("without TEST_DATABASE_URL is an embedded PostgreSQL of their own, stopped and deleted afterwards", async () => {
    const database = await startTestDatabase({ ...process.env, TEST_DATABASE_URL: "" });
    let dataDir = "";
    try {
      expect(database.embedded).toBe(true);
      const url = new URL(database.url);
      expect(url.hostname).toBe("127.0.0.1");
      expect(url.port).not.toBe("5432");
      expect(url.password.length).toBeGreaterThanOrEqual(24);
      const [server] = await query(database.url, "SELECT version(), current_setting('data_directory') AS dir");
      expect(server.version).toMatch(/^PostgreSQL 18\./);
      dataDir = server.dir;
      expect(existsSync(dataDir)).toBe(true);
      // The tests create and drop a database per file: the url is a superuser's.
      await query(database.url, "CREATE DATABASE rb_probe");
      await query(database.url, "DROP DATABASE rb_probe");
    } finally {
      await database.stop();
    }
    await expect(query(database.url, "SELECT 1")).rejects.toMatchObject({ code: "ECONNREFUSED" });
    expect(existsSync(dirname(dataDir))).toBe(false);
  });

  it("with TEST_DATABASE_URL is that server, and nothing is started", async () => {
    const given = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
    const database = await startTestDatabase({ ...process.env, TEST_DATABASE_URL: given });
    expect(database).toMatchObject({ url: given, embedded: false });
    expect(database.pid).toBeUndefined();
    await database.stop();
    expect((await query(given, "SELECT 1 AS one"))[0].one).toBe(1);
  });
});

describe("the browser tests' Chromium", () => {
  const folders: string[] = [];
  afterAll(() => Promise.all(folders.map((f) => rm(f, { recursive: true, force: true }))));

  it("is CHROMIUM_PATH when it names an executable", () => {
    const chromium = ensureChromium({ ...process.env, CHROMIUM_PATH: "/usr/bin/chromium" });
    expect(chromium).toBe("/usr/bin/chromium");
  });

  it("missing where it cannot be installed: npm test stops before any step with one sentence saying what to install", async () => {
    // A PATH with node and nothing else: no apt-get, so this machine "cannot install" Chromium.
    const bin = await mkdtemp(join(tmpdir(), "runboard-no-apt-"));
    folders.push(bin);
    await symlink(process.execPath, join(bin, "node"));
    const result = spawnSync(process.execPath, [join(root, "scripts/run.mjs"), "test"], {
      cwd: root,
      encoding: "utf8",
      env: { HOME: process.env.HOME, PATH: bin, CHROMIUM_PATH: join(bin, "chromium"), TEST_DATABASE_URL: "" },
    });
    expect(result.status).toBe(1);
    const said = result.stderr.trim();
    expect(said.split("\n")).toHaveLength(1);
    expect(said).toContain(`The browser tests need Chromium, which is not at CHROMIUM_PATH (${join(bin, "chromium")})`);
    expect(said).toContain("`sudo apt-get install chromium`");
    expect(said).toContain("set CHROMIUM_PATH to a Chromium or Chrome executable");
    // It stopped first: nothing was installed, linted or tested.
    expect(result.stdout).not.toContain("▶");
  });
});
