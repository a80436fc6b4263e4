import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export interface ServerConfig {
  host: string;
  port: number;
  /** An existing PostgreSQL server; without it, Runboard starts an embedded one. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  migrateOnStart: boolean;
  seedDemo: boolean;
  logLevel: string;
  shutdownTimeoutMs: number;
  /** Serve the Next.js dashboard from this process (off: API only). */
  dashboard: boolean;
  /** Next.js in development mode (hot reload) instead of the production build. */
  dev: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got '${env[name]}'`);
}

/** Every setting Runboard reads, with its default (README "Configuration" lists the same). */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    host: env.HOST || "127.0.0.1",
    port: integer(env, "PORT", 3000, 0, 65535),
    databaseUrl,
    dataDir: resolve(env.RUNBOARD_DATA_DIR || resolve(repoRoot, ".runboard/postgres")),
    embeddedPgPort: integer(env, "RUNBOARD_EMBEDDED_PG_PORT", 54329, 1, 65535),
    migrateOnStart: flag(env, "RUNBOARD_MIGRATE_ON_START", true),
    // Demo runs belong to the self-contained mode; a real database is never seeded unless asked.
    seedDemo: flag(env, "RUNBOARD_SEED_DEMO", databaseUrl === undefined),
    logLevel: env.LOG_LEVEL || "info",
    shutdownTimeoutMs: integer(env, "RUNBOARD_SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    dashboard: flag(env, "RUNBOARD_DASHBOARD", true),
    dev: env.NODE_ENV === "development",
  };
}
