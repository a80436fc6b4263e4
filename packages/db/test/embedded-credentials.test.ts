import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EmbeddedDatabase, startEmbeddedPostgres } from "../src/embedded.ts";
import { credentialsPathOf, LEGACY_PASSWORD, readCredentials } from "../src/embedded-credentials.ts";
import { applyMigrations } from "../src/migrate/index.ts";
import { withClient } from "../src/testing.ts";

// Any local process can reach 127.0.0.1: the embedded PostgreSQL must not hand it a superuser.
let root: string;
let dataDir: string;
let port: number;
let embedded: EmbeddedDatabase | undefined;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

const superuserUrl = (password: string, database = "runboard") =>
  `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

/** The SQLSTATE a connection attempt fails with, or "connected". */
async function tryConnect(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return "connected";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "runboard-credentials-"));
  // As root, PostgreSQL runs as `postgres`, which must be able to enter the folder.
  await chmod(root, 0o755);
  dataDir = join(root, "pg");
  port = await freePort();
});

afterAll(async () => {
  await embedded?.stop();
  await rm(root, { recursive: true, force: true });
});

describe("the embedded PostgreSQL's credentials", () => {
  it("are random per data folder, readable by this user only, and Runboard's role is no superuser", async () => {
    embedded = await startEmbeddedPostgres({ dataDir, port });
    const credentials = await readCredentials(dataDir);
    expect(credentials?.superuser.password).toMatch(/^[\w-]{32}$/);
    expect((await stat(credentialsPathOf(dataDir))).mode & 0o777).toBe(0o600);
    expect(embedded.connectionString).not.toContain(LEGACY_PASSWORD);
    expect(await tryConnect(superuserUrl(LEGACY_PASSWORD))).toBe("28P01");

    await applyMigrations(embedded.connectionString);
    await withClient(embedded.connectionString, async (client) => {
      const { rows } = await client.query(
        "SELECT r.rolsuper, r.rolcreaterole, d.datdba = r.oid AS owns_db FROM pg_roles r, pg_database d " +
          "WHERE r.rolname = current_user AND d.datname = current_database()",
      );
      expect(rows).toEqual([{ rolsuper: false, rolcreaterole: false, owns_db: true }]);
      // What a superuser could do and this role cannot: run programs, read the server's files.
      await expect(client.query("COPY (SELECT 1) TO PROGRAM 'true'")).rejects.toThrow(
        /permission denied|must be superuser|privilege/i,
      );
      await client.query("INSERT INTO threads (id, created_at) VALUES ('thread_kept', now())");
    });
  });

  it("upgrades a data folder made with the old fixed password in place, keeping its data", async () => {
    const credentials = await readCredentials(dataDir);
    if (!credentials || !embedded) throw new Error("the first case did not run");
    // Put the folder back as older versions left it: the fixed superuser password, everything
    // owned by the superuser, no app role and no credentials file.
    await withClient(superuserUrl(credentials.superuser.password), async (client) => {
      await client.query("REASSIGN OWNED BY runboard TO postgres");
      await client.query("ALTER DATABASE runboard OWNER TO postgres");
      await client.query("DROP OWNED BY runboard");
    });
    await withClient(superuserUrl(credentials.superuser.password, "postgres"), async (client) => {
      await client.query("DROP ROLE runboard");
      await client.query(`ALTER ROLE postgres PASSWORD '${LEGACY_PASSWORD}'`);
    });
    await embedded.stop();
    embedded = undefined;
    await rm(credentialsPathOf(dataDir));

    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      embedded = await startEmbeddedPostgres({ dataDir, port });
    } finally {
      console.log = log;
    }
    expect(lines.join("\n")).toMatch(/upgraded the embedded PostgreSQL .* in place/);
    expect(await tryConnect(superuserUrl(LEGACY_PASSWORD))).toBe("28P01");
    await withClient(embedded.connectionString, async (client) => {
      const { rows } = await client.query("SELECT id FROM threads");
      expect(rows).toEqual([{ id: "thread_kept" }]);
      // It owns what the migrations made, so later migrations can change it.
      await client.query("ALTER TABLE threads ADD COLUMN upgraded_check int");
      const { rows: role } = await client.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
      expect(role).toEqual([{ rolsuper: false }]);
    });
    expect(await applyMigrations(embedded.connectionString)).toMatchObject({ applied: [] });
  });
});
