import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import {
  type AccountService,
  type AttemptLimiter,
  type Auth,
  appRouter,
  authorize,
  type Context,
  createContext,
  domainErrorOf,
  isDatabaseUnavailable,
  type PrincipalResolver,
  type RunChangeSource,
  type RunService,
  trpcSurfaceFrom,
} from "@runboard/api";
import { type Principal, SURFACE_HEADER, type Surface, TRPC_MAX_BATCH_SIZE } from "@runboard/contract";
import { fastifyTRPCPlugin } from "@trpc/server/adapters/fastify";
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from "fastify";
import { authRoutes } from "./auth-routes.ts";
import type { TrustProxy } from "./config.ts";
import { toFetchHeaders } from "./headers.ts";
import type { ServerMetrics } from "./metrics.ts";
import type { Readiness } from "./readiness.ts";
import type { RestRouteEntry } from "./rest/auth.ts";
import { sendDatabaseUnavailable, sendDomainError, sendUnavailable, serverError } from "./rest/errors.ts";
import { restApi } from "./rest/index.ts";
import { API_SECURITY_HEADERS } from "./security.ts";
import {
  answerServerWideOptions,
  createSitePolicy,
  refuseCrossSiteMutations,
  refuseForeignHosts,
  type SitePolicy,
} from "./site.ts";
import { directTRPCRoutes, type TRPCOptions } from "./trpc-direct.ts";

export interface AppDeps {
  runService: RunService;
  /** Live run changes for tRPC subscriptions (PostgreSQL LISTEN/NOTIFY in production). */
  runChanges?: RunChangeSource;
  readiness: () => Promise<Readiness>;
  /** API requests are refused with 503 until this turns true (migrations still running). */
  startup: { done: boolean };
  logLevel?: string;
  /** Sign-in (better-auth), who is calling, and the admin's users and API keys. */
  auth: Auth;
  resolver: PrincipalResolver;
  accounts: AccountService;
  /** Counts password attempts per client address (sign-in limit on); unset: no limit. */
  passwordAttempts?: AttemptLimiter;
  /** Filled with the REST routes and their permissions (for the auth tests). */
  restRoutes?: RestRouteEntry[];
  /**
   * Serve single calls of the hot tRPC procedures with native routes (./trpc-direct.ts) instead of
   * tRPC's adapter. On by default; the parity test turns it off to compare with the adapter.
   */
  directTrpcRoutes?: boolean;
  /** How often an open live-updates stream re-checks its caller (30 s unless told). */
  accessRecheckMs?: number;
  /** The names this Runboard answers to (loopback names only unless told). */
  site?: SitePolicy;
  /** Fastify's `trustProxy` (RUNBOARD_TRUST_PROXY): whose X-Forwarded-* headers name the client. */
  trustProxy?: TrustProxy;
  /** Where log lines go (stdout unless told; tests collect them). */
  logStream?: { write(line: string): void };
  /** Counts every request; unset (RUNBOARD_METRICS=false): no metrics at all. */
  metrics?: ServerMetrics;
  /**
   * Serve `GET /metrics` here, to an admin's session or a `metrics` key (true unless told). False
   * when RUNBOARD_METRICS_PORT serves it on a port of its own: then this port has no /metrics.
   */
  metricsOnMainPort?: boolean;
}

/** The header a response names its request id in (and a caller may send one to be used). */
export const REQUEST_ID_HEADER = "x-request-id";

/** An incoming id is used when it is this plain (no spaces or quotes to forge log lines with). */
const WELL_FORMED_REQUEST_ID = /^[\w.:@/+=-]{1,128}$/;

/** The caller's (or its proxy's) `X-Request-Id` when well formed, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const sent = request.headers[REQUEST_ID_HEADER];
  return typeof sent === "string" && WELL_FORMED_REQUEST_ID.test(sent) ? sent : randomUUID();
}

const TRPC_PREFIX = "/api/trpc";

/** An open event stream asks who its caller is this often (and at once when a key is revoked here). */
const ACCESS_RECHECK_MS = 30_000;

// One tRPC batch names at most TRPC_MAX_BATCH_SIZE procedures: without a cap one request could
// name ~340 (as many as the path segment holds) and take the whole pool for itself.

declare module "fastify" {
  interface FastifyRequest {
    /** The caller of an API request (null: not signed in, no valid key). */
    principal: Principal | null;
    /** Why the caller could not be checked (the database unreachable), for a tRPC call to fail with. */
    callerUnavailable: unknown;
  }
}

/**
 * The Runboard HTTP process: API routes are native Fastify routes. Later surfaces (REST, the
 * Next.js dashboard) are registered on this same instance.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: deps.logLevel ?? "info", ...(deps.logStream ? { stream: deps.logStream } : {}) },
    // One line per request is logged in onResponse below, not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // tRPC batches name several procedures in one path segment.
    routerOptions: { maxParamLength: 5_000 },
    trustProxy: deps.trustProxy ?? false,
    // Every log line of a request carries its id as `reqId`; the response names it in X-Request-Id.
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  const site = deps.site ?? createSitePolicy({ publicUrl: "http://127.0.0.1" });

  // On the raw response, so that pages (which Next writes after a hijack) carry it too.
  app.addHook("onRequest", (request, reply, done) => {
    reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
    done();
  });
  app.addHook("onRequest", refuseForeignHosts(site));
  app.addHook("onRequest", answerServerWideOptions);

  const { metrics } = deps;
  app.addHook("onResponse", (request, reply, done) => {
    metrics?.observeRequest(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    request.log.info(
      {
        method: request.method,
        url: request.url.split("?")[0],
        route: request.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      "request",
    );
    done();
  });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    const readiness = await deps.readiness();
    if (!readiness.ready) return reply.code(503).send({ status: "unavailable", reason: readiness.reason });
    return { status: "ready" };
  });

  await app.register(async (api) => {
    api.addHook("onRequest", async (_request, reply) => {
      reply.headers(API_SECURITY_HEADERS);
    });
    api.addHook("onRequest", refuseCrossSiteMutations(site));
    api.addHook("onRequest", async (_request, reply) => {
      if (!deps.startup.done) {
        return sendUnavailable(reply, serverError("Runboard is starting; retry shortly.", "starting"), 1);
      }
    });
    await api.register(authRoutes, { auth: deps.auth, attempts: deps.passwordAttempts, site });
    // Every tRPC procedure and REST route below learns its caller here and checks its permission.
    api.decorateRequest("principal", null);
    api.decorateRequest("callerUnavailable", null);
    api.addHook("onRequest", async (request, reply) => {
      try {
        // An API key needs only its header; a fetch Headers is built only for a session cookie.
        const resolution = await deps.resolver.resolveCredentials({
          authorization: request.headers.authorization,
          cookie: request.headers.cookie,
          headers: () => toFetchHeaders(request.headers),
        });
        request.principal = resolution.principal;
        if (resolution.principal) for (const cookie of resolution.setCookies ?? []) reply.header("set-cookie", cookie);
      } catch (error) {
        // The database unreachable: the same 503 as a query failing answers. A tRPC call fails the
        // way its procedure would have (SERVICE_UNAVAILABLE in tRPC's error shape, see trpcContext).
        if (isDatabaseUnavailable(error)) {
          if (request.routeOptions.url?.startsWith(`${TRPC_PREFIX}/`)) {
            request.log.warn({ err: error }, "database unavailable");
            request.callerUnavailable = error;
            return;
          }
          return sendDatabaseUnavailable(request, reply, error);
        }
        request.log.error({ err: error }, "resolving the caller failed");
        const message = "Runboard cannot check credentials right now (is the database reachable?); retry shortly.";
        return sendUnavailable(reply, serverError(message, "auth_unavailable"), 1);
      }
    });
    if (metrics && (deps.metricsOnMainPort ?? true)) {
      // Not an operation of the API (like /healthz, an endpoint of the server), but guarded like one.
      api.get("/metrics", async (request, reply) => {
        try {
          authorize(request.principal, "metrics");
        } catch (error) {
          const domain = domainErrorOf(error);
          if (domain) return sendDomainError(request, reply, domain);
          throw error;
        }
        const { contentType, body } = await metrics.exposition();
        return reply.type(contentType).send(body);
      });
    }
    // Every surface calls the operations with the same context; only the surface differs.
    const contextOf = (req: FastifyRequest, surface: Surface): Context =>
      createContext({
        runService: deps.runService,
        runChanges: deps.runChanges,
        principal: req.principal,
        accounts: deps.accounts,
        surface,
        requestId: req.id,
        // A call that lasts (a live-updates stream) asks again who its credentials belong to.
        access:
          surface === "rest"
            ? undefined
            : {
                everyMs: deps.accessRecheckMs ?? ACCESS_RECHECK_MS,
                onChange: (listener) => deps.resolver.onKeyRevoked(listener),
                current: async () =>
                  (
                    await deps.resolver.resolveCredentials({
                      authorization: req.headers.authorization,
                      cookie: req.headers.cookie,
                      headers: () => toFetchHeaders(req.headers),
                    })
                  ).principal,
              },
      });
    // The dashboard's browser calls say so in a header; the history records it as their surface.
    // The database unreachable while checking the caller: every procedure fails with SERVICE_UNAVAILABLE
    // (authorizeContext throws it), as its error body naming the request.
    const trpcContext = (req: FastifyRequest): Context => {
      const ctx = contextOf(req, trpcSurfaceFrom(req.headers[SURFACE_HEADER]));
      return req.callerUnavailable === null ? ctx : { ...ctx, callerUnavailable: req.callerUnavailable };
    };
    const trpcOptions = {
      router: appRouter,
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: ({ req }) => trpcContext(req),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR")
          app.log.error({ err: error.cause ?? error, path }, "procedure failed");
      },
    } satisfies TRPCOptions;
    // Single calls of the hot procedures skip the adapter; static routes win over the plugin's `:path`.
    if (deps.directTrpcRoutes ?? true) {
      await api.register(directTRPCRoutes, {
        prefix: TRPC_PREFIX,
        trpcOptions,
        createContext: trpcContext,
      });
    }
    await api.register(fastifyTRPCPlugin, { prefix: TRPC_PREFIX, trpcOptions });
    await api.register(restApi, {
      prefix: "/v1",
      contextOf: (req) => contextOf(req, "rest"),
      routes: deps.restRoutes,
    });
  });

  return app;
}
