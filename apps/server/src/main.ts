import { createCaller, createRunService, createTRPCContext } from "@runboard/api";
import {
  applyMigrations,
  createPrismaClient,
  type EmbeddedDatabase,
  EmbeddedPostgresError,
  seedDemoData,
  startEmbeddedPostgres,
} from "@runboard/db";
import { buildApp } from "./app.ts";
import { ConfigError, readConfig } from "./config.ts";
import { createRunChangeFeed } from "./notifications.ts";
import { DashboardNotBuiltError, registerPages } from "./pages.ts";
import { createReadinessCheck } from "./readiness.ts";

function fail(message: string): never {
  console.error(`runboard: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const config = readConfig();
  let embedded: EmbeddedDatabase | undefined;
  let connectionString = config.databaseUrl;
  if (!connectionString) {
    console.log(`runboard: no DATABASE_URL; starting the embedded PostgreSQL (data in ${config.dataDir})`);
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    connectionString = embedded.connectionString;
  }

  const prisma = createPrismaClient(connectionString);
  const runService = createRunService({ prisma });
  const feed = createRunChangeFeed(connectionString, (message, error) =>
    console.error(`runboard: ${message}`, error ?? ""),
  );
  const startup = { done: false };
  const app = await buildApp({
    runService,
    runChanges: feed.source,
    readiness: createReadinessCheck(prisma, startup),
    startup,
    logLevel: config.logLevel,
  });

  const closePages = config.dashboard
    ? await registerPages(app, { dev: config.dev, caller: createCaller(createTRPCContext({ runService })) })
    : async () => {};

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "shutting down: draining in-flight requests");
    const force = setTimeout(() => {
      app.log.error("shutdown timed out; exiting");
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    // Open event streams never finish on their own; end them so the drain can complete.
    await feed.close();
    await app.close();
    await closePages();
    await prisma.$disconnect();
    await embedded?.stop();
    app.log.info("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));

  // Listen first so /healthz answers during migrations; /readyz and the API wait for them.
  await app.listen({ host: config.host, port: config.port });
  if (config.migrateOnStart) {
    const { applied } = await applyMigrations(connectionString);
    if (applied.length > 0) app.log.info({ applied }, "migrations applied");
  }
  if (config.seedDemo) {
    const counts = await seedDemoData(prisma);
    app.log.info(counts, "demo data present");
  }
  await feed.start();
  startup.done = true;
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  console.log(
    `runboard: ready on http://${config.host}:${port} (${embedded ? "embedded PostgreSQL" : "DATABASE_URL"})`,
  );
}

main().catch((error: unknown) => {
  if (
    error instanceof ConfigError ||
    error instanceof EmbeddedPostgresError ||
    error instanceof DashboardNotBuiltError
  ) {
    fail(error.message);
  }
  const code = (error as { code?: string }).code;
  if (code === "EADDRINUSE") fail(`the port is already in use: ${(error as Error).message}. Set PORT to a free port.`);
  console.error(error);
  process.exit(1);
});
