import {
  applyMigrations,
  createPrismaClient,
  EmbeddedPostgresError,
  findRunningEmbeddedPostgres,
  type PrismaClient,
  pendingMigrationsOf,
  redactUrl,
  startEmbeddedPostgres,
} from "@runboard/db";
import type { CliConfig } from "./config.ts";
import { CliError } from "./errors.ts";

export interface Database {
  prisma: PrismaClient;
  /** Where the data lives, for messages. */
  description: string;
  close(): Promise<void>;
}

/** Prisma wraps the driver's error in a multi-line message; the user needs its last sentence. */
export function describeDatabaseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const driver = /Message: `([^`]*)`/.exec(message)?.[1];
  return driver ?? message.trim().split("\n").at(-1) ?? message;
}

async function checkReady(prisma: PrismaClient, where: string): Promise<void> {
  let pending: string[];
  try {
    pending = await pendingMigrationsOf(prisma);
  } catch (error) {
    throw new CliError(`cannot reach the database at ${where}: ${describeDatabaseError(error)}`);
  }
  if (pending.length > 0) {
    throw new CliError(
      `the database at ${where} does not have Runboard's tables yet (migrations not applied: ${pending.join(", ")}). ` +
        "Run `pnpm db:migrate` with this DATABASE_URL, or start the Runboard server on it once.",
    );
  }
}

/** A client on `url`, checked to answer and to hold Runboard's tables; `stop` runs after disconnecting. */
async function connect(url: string, description: string, stop?: () => Promise<void>): Promise<Database> {
  const prisma = createPrismaClient(url, { maxConnections: 4 });
  const close = async () => {
    await prisma.$disconnect();
    await stop?.();
  };
  try {
    await checkReady(prisma, description);
  } catch (error) {
    await close();
    throw error;
  }
  return { prisma, description, close };
}

/**
 * DATABASE_URL when set. Otherwise the embedded PostgreSQL the server uses: joined when a server
 * (or another command) is running it, else started here, migrated, and stopped by `close()`.
 */
export async function openDatabase(config: CliConfig, log: (line: string) => void): Promise<Database> {
  if (config.databaseUrl) return connect(config.databaseUrl, redactUrl(config.databaseUrl));
  try {
    const running = await findRunningEmbeddedPostgres(config.embeddedPgPort, config.dataDir);
    if (running) return await connect(running, `the embedded PostgreSQL on port ${config.embeddedPgPort}`);

    log(`runboard: starting the embedded PostgreSQL (data in ${config.dataDir}, port ${config.embeddedPgPort})`);
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    try {
      await applyMigrations(embedded.connectionString);
    } catch (error) {
      await embedded.stop();
      throw new CliError(`could not migrate the embedded PostgreSQL: ${describeDatabaseError(error)}`);
    }
    return await connect(embedded.connectionString, `the embedded PostgreSQL (data in ${config.dataDir})`, () =>
      embedded.stop(),
    );
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw new CliError(error.message);
    throw error;
  }
}
