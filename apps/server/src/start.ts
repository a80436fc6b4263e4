import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createAuthServices, createCaller, createRunService, createTRPCContext } from "@runboard/api";
import {
  applyMigrations,
  createPrismaClient,
  type EmbeddedDatabase,
  EmbeddedPostgresError,
  poolOf,
  seedDemoData,
  startEmbeddedPostgres,
} from "@runboard/db";
import { buildApp } from "./app.ts";
import { ConfigError, readConfig } from "./config.ts";
import { demoLoginIsPrivate, ensureDemoLogin } from "./demo-login.ts";
import { buildMetricsServer, createServerMetrics, type ServerMetrics } from "./metrics.ts";
import { createRunChangeFeed } from "./notifications.ts";
import { DashboardNotBuiltError, registerPages } from "./pages.ts";
import { createReadinessCheck } from "./readiness.ts";
import { createSitePolicy } from "./site.ts";

/**
 * The cookie-signing secret: the configured one, else (embedded mode) one generated once and kept
 * beside the data folder so sessions survive restarts, else a random one for this process only.
 */
function authSecret(configured: string | undefined, keepIn: string | undefined): string {
  if (configured) return configured;
  if (keepIn) {
    if (existsSync(keepIn)) return readFileSync(keepIn, "utf8").trim();
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(keepIn, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
  console.warn(
    "runboard: RUNBOARD_AUTH_SECRET is not set; using a random one, so sessions end when this process stops " +
      "and other instances cannot read them. Set it (32+ random characters) in production.",
  );
  return randomBytes(32).toString("base64url");
}

function fail(message: string): never {
  console.error(`runboard: ${message}`);
  process.exit(1);
}

/**
 * Owns shutdown from the first line: a SIGTERM during start-up (e.g. `pnpm dev` restarting on a
 * change) waits for the step in progress, then releases what was started, in reverse order, so
 * no embedded PostgreSQL is left behind holding the port.
 */
function createLifecycle(timeoutMs: number) {
  const cleanups: { name: string; run: () => Promise<unknown> }[] = [];
  let step: Promise<unknown> = Promise.resolve();
  let stopping = false;
  const log = (message: string) => console.log(`runboard: ${message}`);

  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down (draining in-flight requests)`);
    setTimeout(() => {
      console.error("runboard: shutdown timed out; exiting");
      process.exit(1);
    }, timeoutMs).unref();
    await step.catch(() => {});
    for (const cleanup of cleanups.reverse()) {
      await cleanup.run().catch((error: unknown) => console.error(`runboard: stopping ${cleanup.name} failed`, error));
    }
    log("stopped");
    process.exit(0);
  }
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));

  return {
    /** Tracks the start-up step in progress, so a shutdown waits for it before cleaning up. */
    async run<T>(work: Promise<T>): Promise<T> {
      step = work;
      return work;
    },
    get stopping() {
      return stopping;
    },
    onStop(name: string, run: () => Promise<unknown>) {
      cleanups.push({ name, run });
    },
  };
}

/** What main.ts started before this module loaded (the tracing SDK), to stop last. */
export interface StartOptions {
  stopTracing?: () => Promise<void>;
}

async function main(options: StartOptions): Promise<void> {
  const config = readConfig();
  const life = createLifecycle(config.shutdownTimeoutMs);
  // Registered first, so it runs last: the spans of the shutdown itself are exported too.
  if (options.stopTracing) life.onStop("tracing", options.stopTracing);
  let embedded: EmbeddedDatabase | undefined;
  let connectionString = config.databaseUrl;
  if (!connectionString) {
    console.log(`runboard: no DATABASE_URL; starting the embedded PostgreSQL (data in ${config.dataDir})`);
    embedded = await life.run(startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort }));
    life.onStop("the embedded PostgreSQL", () => (embedded as EmbeddedDatabase).stop());
    connectionString = embedded.connectionString;
  }
  if (life.stopping) return;

  const prisma = createPrismaClient(connectionString);
  life.onStop("the database pool", () => prisma.$disconnect());
  let metrics: ServerMetrics | undefined;
  const feed = createRunChangeFeed(
    connectionString,
    (message, error) => console.error(`runboard: ${message}`, error ?? ""),
    config.metrics
      ? {
          delivered: (s) => metrics?.changeFeed.delivered(s),
          notified: () => metrics?.changeFeed.notified(),
          lostConnection: () => metrics?.changeFeed.lostConnection(),
        }
      : undefined,
  );
  if (config.metrics) {
    metrics = createServerMetrics({
      pools: { requests: () => poolOf(prisma), announcer: () => feed.announcer },
      feedConnected: () => feed.connected,
    });
  }
  const runService = createRunService({ prisma, changes: feed.changes });
  const { auth, resolver, accounts, passwordAttempts } = createAuthServices(prisma, {
    baseURL: config.publicUrl,
    secret: authSecret(config.authSecret, embedded ? `${config.dataDir}.auth-secret` : undefined),
    trustedOrigins: [config.publicUrl.replace("//127.0.0.1:", "//localhost:")],
    rateLimit: config.authRateLimit,
    passwordAttemptLimit: config.passwordAttemptLimit,
    // better-auth's own warnings and errors, by message only (its extra arguments may carry request
    // details). A refused API key is already a 401; better-auth would log each one as an error.
    logger: {
      level: "warn",
      log: (level, message) => {
        if (!message.includes("Failed to validate API key")) console.error(`runboard: auth ${level}: ${message}`);
      },
    },
  });
  const startup = { done: false };
  const app = await life.run(
    buildApp({
      runService,
      runChanges: feed.source,
      readiness: createReadinessCheck(prisma, startup),
      startup,
      logLevel: config.logLevel,
      auth,
      resolver,
      accounts,
      passwordAttempts,
      site: createSitePolicy({ publicUrl: config.publicUrl, allowedHosts: config.allowedHosts }),
      trustProxy: config.trustProxy,
      metrics,
      metricsOnMainPort: config.metricsPort === undefined,
    }),
  );
  const closePages = config.dashboard
    ? await life.run(
        registerPages(app, {
          dev: config.dev,
          // The sign-in gate in front of every page only needs to know who is calling.
          signedIn: (headers) => resolver.resolve(headers),
          // Server components call the router as the operator whose request they render.
          resolve: async (headers) => {
            const { principal } = await resolver.resolve(headers);
            return {
              principal,
              caller: createCaller(createTRPCContext({ runService, accounts, principal, surface: "dashboard" })),
            };
          },
        }),
      )
    : async () => {};
  life.onStop("the dashboard", closePages);
  life.onStop("the HTTP server", () => app.close());
  // Open event streams never finish on their own; they are ended first so the drain completes.
  life.onStop("live updates", () => feed.close());
  if (life.stopping) return;

  // Listen first so /healthz answers during migrations; /readyz and the API wait for them.
  await life.run(app.listen({ host: config.host, port: config.port }));
  if (metrics && config.metricsPort !== undefined && !life.stopping) {
    const metricsServer = await life.run(buildMetricsServer(metrics));
    life.onStop("the metrics port", () => metricsServer.close());
    await life.run(metricsServer.listen({ host: config.host, port: config.metricsPort }));
    const address = metricsServer.server.address();
    const metricsPort = typeof address === "object" && address ? address.port : config.metricsPort;
    console.log(`runboard: metrics on port ${metricsPort} (RUNBOARD_METRICS_PORT, no authentication)`);
  }
  if (config.migrateOnStart && !life.stopping) {
    const { applied } = await life.run(applyMigrations(connectionString));
    if (applied.length > 0) app.log.info({ applied }, "migrations applied");
  }
  if (config.seedDemo && !life.stopping) {
    const counts = await life.run(seedDemoData(prisma));
    app.log.info(counts, "demo data present");
  }
  if (config.admin && !life.stopping) {
    const result = await life.run(accounts.ensureAdmin(config.admin));
    if (result === "created") console.log(`runboard: created the admin ${config.admin.email} (RUNBOARD_ADMIN_EMAIL)`);
  }
  if (config.seedDemo && embedded && !config.admin && !life.stopping) {
    await life.run(ensureDemoLogin(accounts, demoLoginIsPrivate(config)));
  }
  if (life.stopping) return;
  await life.run(feed.start());
  startup.done = true;
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const everywhere = config.host === "0.0.0.0" || config.host === "::";
  const browserHost = everywhere ? "127.0.0.1" : config.host.includes(":") ? `[${config.host}]` : config.host;
  console.log(
    `runboard: ready on http://${browserHost}:${port} (${everywhere ? "all interfaces, " : ""}${embedded ? "embedded PostgreSQL" : "DATABASE_URL"})`,
  );
}

/** Starts Runboard; a failure to start ends the process with its message (main.ts calls this). */
export function start(options: StartOptions = {}): void {
  main(options).catch((error: unknown) => {
    if (
      error instanceof ConfigError ||
      error instanceof EmbeddedPostgresError ||
      error instanceof DashboardNotBuiltError
    ) {
      fail(error.message);
    }
    const code = (error as { code?: string }).code;
    if (code === "EADDRINUSE")
      fail(`the port is already in use: ${(error as Error).message}. Set PORT to a free port.`);
    console.error(error);
    process.exit(1);
  });
}
