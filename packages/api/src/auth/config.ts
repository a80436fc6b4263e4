import { apiKey } from "@better-auth/api-key";
import { ROLES } from "@runboard/contract";
import type { PrismaClient } from "@runboard/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import type { AttemptLimit } from "./attempt-limit.ts";
import { passwordProblem } from "./password-policy.ts";

/** better-auth's endpoints that check a password (each attempt is counted per client address). */
export const PASSWORD_PATHS = ["/sign-in/email", "/verify-password", "/change-password"] as const;

/** Set by the HTTP mount to the request's own origin (its scheme and vetted Host); never the client's. */
export const REQUEST_ORIGIN_HEADER = "x-runboard-request-origin";

/** Set by the HTTP mount from the socket's address (a client-sent value is dropped first). */
export const CLIENT_IP_HEADER = "x-runboard-client-ip";

export interface AuthConfig {
  /** Where browsers reach Runboard, e.g. http://127.0.0.1:3000: cookies and the origin check use it. */
  baseURL: string;
  /** Signs session cookies; at least 32 random characters. */
  secret: string;
  /** Further origins the dashboard is served from (behind a proxy, say). */
  trustedOrigins?: string[];
  /** Session lifetime in seconds (default 7 days); it slides at most once per `sessionUpdateAge`. */
  sessionExpiresIn?: number;
  sessionUpdateAge?: number;
  /**
   * Limits on auth endpoints: better-auth's own (in memory) and, through createAuthServices, the
   * password-attempt limit kept in PostgreSQL (3 per 10 s per address). Default: better-auth's,
   * on only when NODE_ENV=production.
   */
  rateLimit?: boolean;
  /** The password-attempt limit (PASSWORD_ATTEMPT_LIMIT unless told). */
  passwordAttemptLimit?: AttemptLimit;
  logger?: Parameters<typeof betterAuth>[0]["logger"];
}

/**
 * better-auth for Runboard: email + password sign-in (no self sign-up: admins create operators),
 * sessions in PostgreSQL, API keys stored as SHA-256 digests. Keys, users and roles are managed
 * only through Runboard's own admin procedures, never through better-auth's HTTP endpoints.
 */
export function createAuth(prisma: PrismaClient, config: AuthConfig) {
  return betterAuth({
    appName: "Runboard",
    baseURL: config.baseURL,
    basePath: "/api/auth",
    secret: config.secret,
    // Sign-in from the site's own pages under whichever vetted name the browser used (see the mount).
    trustedOrigins: (request) => [
      config.baseURL,
      ...(config.trustedOrigins ?? []),
      request?.headers.get(REQUEST_ORIGIN_HEADER),
    ],
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    telemetry: { enabled: false },
    logger: config.logger,
    // The password endpoints are limited by the attempt counter in PostgreSQL (createAuthServices,
    // mounted by the server) instead: one count for every instance and the configured limit.
    rateLimit:
      config.rateLimit === undefined
        ? undefined
        : { enabled: config.rateLimit, customRules: Object.fromEntries(PASSWORD_PATHS.map((path) => [path, false])) },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12 },
    session: {
      expiresIn: config.sessionExpiresIn ?? 60 * 60 * 24 * 7,
      updateAge: config.sessionUpdateAge ?? 60 * 60 * 24,
    },
    user: {
      additionalFields: {
        // input: false: no HTTP endpoint can set it; only admins through Runboard's procedures.
        role: { type: [...ROLES], required: true, defaultValue: "viewer", input: false },
      },
    },
    advanced: { cookiePrefix: "runboard", ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] } },
    // Without this any signed-in viewer could issue themselves a key over HTTP.
    disabledPaths: [
      "/api-key/create",
      "/api-key/update",
      "/api-key/delete",
      "/api-key/get",
      "/api-key/list",
      "/api-key/delete-all-expired-api-keys",
      "/update-user",
      "/delete-user",
    ],
    hooks: {
      // An operator changing their password: the new one passes the same policy as an admin's
      // choice, and every other session ends (one a thief holds must not outlive the change).
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/change-password") return;
        const body = (ctx.body ?? {}) as { newPassword?: unknown };
        const problem = typeof body.newPassword === "string" ? passwordProblem(body.newPassword) : null;
        if (problem) throw new APIError("BAD_REQUEST", { message: problem, code: "PASSWORD_NOT_ACCEPTED" });
        return { context: { body: { ...body, revokeOtherSessions: true } } };
      }),
    },
    plugins: [
      apiKey({
        defaultPrefix: "rb_",
        requireName: true,
        maximumNameLength: 64,
        // The plugin's default is 10 verifications per key per day.
        rateLimit: { enabled: false },
        schema: { apikey: { modelName: "apiKey" } },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
