import { isIP } from "node:net";
import { resolve } from "node:path";
import { type AttemptLimit, PASSWORD_ATTEMPT_LIMIT, passwordProblem } from "@runboard/api";
import { EMBEDDED_DATA_DIR_DEFAULT, EMBEDDED_PG_PORT_DEFAULT } from "@runboard/db/defaults";
import { ConfigError } from "./config-error.ts";
import { type TracingConfig, tracingConfig } from "./tracing-config.ts";

export { ConfigError } from "./config-error.ts";

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
  /** Where browsers reach Runboard (cookies, the Host check and the origin check use it). */
  publicUrl: string;
  /** Further names requests may carry in Host (RUNBOARD_ALLOWED_HOSTS); loopback names always may. */
  allowedHosts: string[];
  /** Fastify's trustProxy (RUNBOARD_TRUST_PROXY): true, the nearest n hops, or proxy addresses/CIDRs. */
  trustProxy: TrustProxy;
  /** The first admin, created at start when this email has no user yet. */
  admin: { email: string; password: string } | undefined;
  /** The sign-in limits: better-auth's, and password attempts per address counted in PostgreSQL. */
  authRateLimit: boolean;
  /** RUNBOARD_PASSWORD_ATTEMPTS, `<attempts>/<seconds>` (3/10 unless set). */
  passwordAttemptLimit: AttemptLimit;
  /** RUNBOARD_METRICS: count requests and serve `GET /metrics` (on unless set to false). */
  metrics: boolean;
  /** RUNBOARD_METRICS_PORT: serve `/metrics` on this port of HOST, without auth, and not on PORT. */
  metricsPort: number | undefined;
  /** OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_SERVICE_NAME: export traces (unset: no tracing SDK is loaded). */
  tracing: TracingConfig | undefined;
}

/** Whose X-Forwarded-* headers to believe: everyone's, the nearest n hops', or these addresses'. */
export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

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

/** proxy-addr's names for address ranges, which RUNBOARD_TRUST_PROXY may use. */
const PROXY_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = "", prefix, extra] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function trustProxy(raw: string | undefined): TrustProxy {
  const value = raw?.trim() ?? "";
  if (value === "" || /^(0|false|no|off)$/i.test(value)) return false;
  if (/^(true|yes|on)$/i.test(value)) return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  const proxies = value.split(",").map((p) => p.trim());
  const bad = proxies.find((p) => !isProxyAddress(p));
  if (bad !== undefined) {
    throw new ConfigError(
      "RUNBOARD_TRUST_PROXY must be true, a number of proxy hops, or proxy addresses, CIDRs or " +
        `loopback/linklocal/uniquelocal separated by commas; '${bad}' is none of these`,
    );
  }
  return proxies;
}

function attemptLimit(raw: string | undefined): AttemptLimit {
  if (raw === undefined || raw.trim() === "") return PASSWORD_ATTEMPT_LIMIT;
  const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*s?\s*$/.exec(raw);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new ConfigError(`RUNBOARD_PASSWORD_ATTEMPTS must be <attempts>/<seconds> such as 3/10, got '${raw}'`);
  }
  return { max: Number(match[1]), windowMs: Number(match[2]) * 1000 };
}

function hostList(raw: string | undefined): string[] {
  const hosts = (raw ?? "").split(",").map((h) => h.trim().toLowerCase());
  const named = hosts.filter((h) => h !== "");
  const bad = named.find((h) => !/^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:\d{1,5})?$/.test(h));
  if (bad !== undefined) {
    throw new ConfigError(`RUNBOARD_ALLOWED_HOSTS must list host or host:port names separated by commas, got '${bad}'`);
  }
  return named;
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
  const passwordRefused = adminPassword === undefined ? null : passwordProblem(adminPassword);
  if (passwordRefused) throw new ConfigError(`RUNBOARD_ADMIN_PASSWORD: ${passwordRefused}`);
  const browserHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const publicUrl = (env.RUNBOARD_PUBLIC_URL || `http://${browserHost}:${port}`).replace(/\/+$/, "");
  if (!URL.canParse(publicUrl) || !/^https?:$/.test(new URL(publicUrl).protocol)) {
    throw new ConfigError(`RUNBOARD_PUBLIC_URL must be an http:// or https:// URL, got '${env.RUNBOARD_PUBLIC_URL}'`);
  }
  const metrics = flag(env, "RUNBOARD_METRICS", true);
  const metricsPort = env.RUNBOARD_METRICS_PORT ? integer(env, "RUNBOARD_METRICS_PORT", 0, 0, 65535) : undefined;
  if (metricsPort !== undefined && !metrics) {
    throw new ConfigError("RUNBOARD_METRICS_PORT is set but RUNBOARD_METRICS is false: unset one of them");
  }
  if (metricsPort !== undefined && metricsPort !== 0 && metricsPort === port) {
    throw new ConfigError(`RUNBOARD_METRICS_PORT must be another port than PORT (both are ${port})`);
  }
  return {
    host,
    port,
    metrics,
    metricsPort,
    tracing: tracingConfig(env),
    authSecret,
    publicUrl,
    allowedHosts: hostList(env.RUNBOARD_ALLOWED_HOSTS),
    trustProxy: trustProxy(env.RUNBOARD_TRUST_PROXY),
    admin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : undefined,
    authRateLimit: flag(env, "RUNBOARD_AUTH_RATE_LIMIT", env.NODE_ENV === "production"),
    passwordAttemptLimit: attemptLimit(env.RUNBOARD_PASSWORD_ATTEMPTS),
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
