import Fastify, { type FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** A `pg` pool as the metrics read it at each scrape (pg.Pool's own counters). */
export interface PoolStats {
  /** Open connections, idle or in use. */
  totalCount: number;
  idleCount: number;
  /** Queries waiting for a connection (the pool is at its size and all are in use). */
  waitingCount: number;
  options: { max?: number };
}

/** What the change feed reports (apps/server/src/notifications.ts). */
export interface ChangeFeedObserver {
  /** A change this instance wrote came back on its LISTEN connection after `seconds`. */
  delivered(seconds: number): void;
  /** A notification arrived (from any instance, or a trigger). */
  notified(): void;
  /** The LISTEN connection was lost, or could not be opened; the feed retries. */
  lostConnection(): void;
}

/** Route label of a request that matched no route (Fastify's 404): never the raw URL. */
export const UNMATCHED_ROUTE = "(unmatched)";

/**
 * Every metric the server exports, in one registry per server (so tests can build several): HTTP
 * requests by route pattern, method and status with their latency, the PostgreSQL pools, the change
 * feed, and Node's process metrics (prom-client's defaults: CPU, memory, event loop lag, GC, handles).
 */
export function createServerMetrics(
  options: {
    /** The pools to report, by name (`requests`: the Prisma client's pool; `announcer`: the change feed's). */
    pools?: Record<string, () => PoolStats | undefined>;
    /** Whether the change feed's LISTEN connection is open right now (absent: no feed, not reported). */
    feedConnected?: () => boolean;
  } = {},
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const labelNames = ["method", "route", "status"] as const;
  const requests = new Counter({
    name: "runboard_http_requests_total",
    help: "HTTP requests answered, by route pattern (never the raw URL), method and status code.",
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: "runboard_http_request_duration_seconds",
    help: "Time from a request's arrival to its response's end, by route pattern, method and status code.",
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  const pools = Object.entries(options.pools ?? {});
  const poolGauge = (name: string, help: string, read: (stats: PoolStats) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["pool"],
      registers: [registry],
      collect() {
        for (const [pool, statsOf] of pools) {
          const stats = statsOf();
          if (stats) this.set({ pool }, read(stats));
        }
      },
    });
  poolGauge("runboard_db_pool_size", "Open PostgreSQL connections in the pool (idle or in use).", (s) => s.totalCount);
  poolGauge(
    "runboard_db_pool_in_use",
    "PostgreSQL connections of the pool running a query or transaction.",
    (s) => s.totalCount - s.idleCount,
  );
  poolGauge(
    "runboard_db_pool_waiting",
    "Queries waiting for a connection of the pool (all of its connections in use).",
    (s) => s.waitingCount,
  );
  poolGauge("runboard_db_pool_max", "The most connections the pool opens.", (s) => s.options.max ?? 10);

  const { feedConnected } = options;
  if (feedConnected) {
    new Gauge({
      name: "runboard_change_feed_connected",
      help: "1 while the change feed's LISTEN connection to PostgreSQL is open, 0 while it reconnects.",
      registers: [registry],
      collect() {
        this.set(feedConnected() ? 1 : 0);
      },
    });
  }
  const feedLost = new Counter({
    name: "runboard_change_feed_connection_losses_total",
    help: "Times the change feed's LISTEN connection was lost or could not be opened (it then retries).",
    registers: [registry],
  });
  const feedNotifications = new Counter({
    name: "runboard_change_feed_notifications_total",
    help: "Run changes heard on the change feed (from every instance and from plain-SQL triggers).",
    registers: [registry],
  });
  const feedLag = new Histogram({
    name: "runboard_change_feed_delivery_lag_seconds",
    help:
      "From a write of this instance committing to its change arriving back on this instance's LISTEN " +
      "connection (the announce batching window included): how late open pages and waiting workers hear it.",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  const changeFeed: ChangeFeedObserver = {
    delivered: (seconds) => feedLag.observe(seconds),
    notified: () => feedNotifications.inc(),
    lostConnection: () => feedLost.inc(),
  };

  return {
    registry,
    changeFeed,
    /** Records one answered request (called from the server's onResponse hook). */
    observeRequest(method: string, route: string | undefined, status: number, seconds: number) {
      const labels = { method, route: route ?? UNMATCHED_ROUTE, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
    /** The Prometheus text exposition of every metric, and its Content-Type. */
    async exposition(): Promise<{ contentType: string; body: string }> {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

export type ServerMetrics = ReturnType<typeof createServerMetrics>;

/**
 * `GET /metrics` on a port of its own (RUNBOARD_METRICS_PORT), without authentication: whoever can
 * reach the port can scrape. Every other path is a 404.
 */
export async function buildMetricsServer(metrics: ServerMetrics): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  server.get("/metrics", async (_request, reply) => {
    const { contentType, body } = await metrics.exposition();
    return reply.type(contentType).send(body);
  });
  return server;
}
