import { resolve } from "node:path";
import { PASSWORD_MIN_LENGTH } from "@runboard/contract";
import { EMBEDDED_DATA_DIR_DEFAULT, EMBEDDED_PG_PORT_DEFAULT } from "@runboard/db/defaults";

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
  /** Signs session cookies (RUNBOARD_AUTH_SECRET or BETTER_AUTH_SECRET); generated when unset. */
  authSecret: string | undefined;
  /** Where browsers reach Runboard (cookies and the sign-in origin check use it). */
  publicUrl: string;
  /** The first admin, created at start when this email has no user yet. */
  admin: { email: string; password: string } | undefined;
  /** better-auth's sign-in rate limit (3 per 10 s per address). */
  authRateLimit: boolean;
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
  const host = env.HOST || "127.0.0.1";
  const port = integer(env, "PORT", 3000, 0, 65535);
  const authSecret = env.RUNBOARD_AUTH_SECRET || env.BETTER_AUTH_SECRET || undefined;
  if (authSecret !== undefined && authSecret.length < 32) {
    throw new ConfigError("RUNBOARD_AUTH_SECRET must have at least 32 characters (e.g. `openssl rand -base64 32`)");
  }
  const adminEmail = env.RUNBOARD_ADMIN_EMAIL || undefined;
  const adminPassword = env.RUNBOARD_ADMIN_PASSWORD || undefined;
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError("RUNBOARD_ADMIN_EMAIL and RUNBOARD_ADMIN_PASSWORD must be set together");
  }
  if (adminPassword !== undefined && adminPassword.length < PASSWORD_MIN_LENGTH) {
    throw new ConfigError(`RUNBOARD_ADMIN_PASSWORD must have at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  const browserHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return {
    host,
    port,
    authSecret,
    publicUrl: (env.RUNBOARD_PUBLIC_URL || `http://${browserHost}:${port}`).replace(/\/+$/, ""),
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
    authRateLimit: flag(env, "RUNBOARD_AUTH_RATE_LIMIT", env.NODE_ENV === "production"),
    databaseUrl,
    dataDir: resolve(env.RUNBOARD_DATA_DIR || EMBEDDED_DATA_DIR_DEFAULT),
    embeddedPgPort: integer(env, "RUNBOARD_EMBEDDED_PG_PORT", EMBEDDED_PG_PORT_DEFAULT, 1, 65535),
    migrateOnStart: flag(env, "RUNBOARD_MIGRATE_ON_START", true),
    // Demo runs belong to the self-contained mode; a real database is never seeded unless asked.
    seedDemo: flag(env, "RUNBOARD_SEED_DEMO", databaseUrl === undefined),
    logLevel: env.LOG_LEVEL || "info",
    shutdownTimeoutMs: integer(env, "RUNBOARD_SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    dashboard: flag(env, "RUNBOARD_DASHBOARD", true),
    dev: env.NODE_ENV === "development",
  };
}
