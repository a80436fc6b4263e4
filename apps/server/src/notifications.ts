import { EventEmitter, on } from "node:events";
import {
  notifyStatement,
  RUN_CHANGES_CHANNEL,
  type RunChange,
  type RunChangeSink,
  type RunChangeSource,
} from "@runboard/api";
import pg from "pg";
import type { ChangeFeedObserver } from "./metrics.ts";

function parseChange(payload: string | undefined): RunChange | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<RunChange>;
    if (typeof value.run_id !== "string" || typeof value.thread_id !== "string") return null;
    return {
      run_id: value.run_id,
      thread_id: value.thread_id,
      status: value.status as RunChange["status"],
      version: Number(value.version),
      op: value.op === "insert" ? "insert" : "update",
    };
  } catch {
    return null;
  }
}

/**
 * One LISTEN connection per process, fanned out to every open page. PostgreSQL delivers each
 * NOTIFY to every listening instance, so pages served by different app instances all hear a
 * change, whoever made it. The connection is re-established after a failure.
 */
export function createRunChangeFeed(
  connectionString: string,
  log: (message: string, error?: unknown) => void,
  observer?: ChangeFeedObserver,
) {
  const events = new EventEmitter();
  events.setMaxListeners(0); // one listener per open page
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  // Ends every open event stream at shutdown, so the server's drain does not wait on them forever.
  const shutdown = new AbortController();

  async function connect(attempt = 0): Promise<void> {
    if (closed) return;
    const next = new pg.Client({ connectionString });
    next.on("notification", (message) => {
      const change = parseChange(message.payload);
      if (!change) return;
      if (observer) {
        observer.notified();
        const key = sentKey(change);
        const at = sent.get(key);
        if (at !== undefined) {
          sent.delete(key);
          observer.delivered((performance.now() - at) / 1000);
        }
      }
      events.emit("change", change);
    });
    next.on("error", (error) => {
      if (closed) return;
      observer?.lostConnection();
      log("run change feed lost its connection; reconnecting", error);
      void next.end().catch(() => {});
      if (client === next) client = null;
      schedule(0);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${RUN_CHANGES_CHANNEL}`);
      client = next;
    } catch (error) {
      void next.end().catch(() => {});
      observer?.lostConnection();
      log("run change feed could not connect; retrying", error);
      schedule(attempt + 1);
    }
  }

  function schedule(attempt: number) {
    if (closed || retry) return;
    retry = setTimeout(
      () => {
        retry = undefined;
        void connect(attempt);
      },
      Math.min(250 * 2 ** attempt, 5_000),
    );
    retry.unref();
  }

  const source: RunChangeSource = {
    async *changes(signal) {
      const stop = signal ? AbortSignal.any([signal, shutdown.signal]) : shutdown.signal;
      try {
        for await (const [change] of on(events, "change", { signal: stop })) yield change as RunChange;
      } catch (error) {
        if (!stop.aborted) throw error;
      }
    },
  };

  // The run service's change sink in the server: what Runboard writes is announced after it
  // commits, in batches (a NOTIFY inside the writing transaction would serialize every commit, see
  // the run_change_notify_status_only migration). A small pool of its own keeps announcing off the
  // request pool. Changes are gathered for ANNOUNCE_WINDOW_MS, so a busy instance sends one NOTIFY
  // statement per window rather than one per modify (measured: about a tenth of a modify's server
  // CPU at 8 connections).
  const announcer = new pg.Pool({ connectionString, max: 2 });
  announcer.on("error", (error) => log("run change announcer lost a connection", error));
  let queued: RunChange[] = [];
  let flushing: NodeJS.Timeout | undefined;
  function flush(): Promise<unknown> {
    clearTimeout(flushing);
    flushing = undefined;
    if (queued.length === 0) return Promise.resolve();
    const statement = notifyStatement(queued);
    queued = [];
    return announcer
      .query(statement.text, statement.values as unknown[])
      .catch((error: unknown) => log("could not announce run changes", error));
  }
  // For the delivery lag: when each change this instance announces was handed over (by run, version
  // and op), until it is heard back on the LISTEN connection. Bounded: while the connection is down
  // nothing comes back, and the oldest entries are dropped.
  const sent = new Map<string, number>();
  const changes: RunChangeSink = {
    announce(batch) {
      if (closed) return;
      for (const change of batch) queued.push(change);
      if (observer) {
        const now = performance.now();
        for (const change of batch) {
          if (sent.size >= SENT_REMEMBERED) sent.delete(sent.keys().next().value as string);
          sent.set(sentKey(change), now);
        }
      }
      flushing ??= setTimeout(flush, ANNOUNCE_WINDOW_MS);
    },
  };

  return {
    source,
    changes,
    /** The LISTEN connection is open (live pages hear changes). */
    get connected() {
      return client !== null;
    },
    /** The pool that sends the NOTIFYs (for the pool metrics). */
    announcer,
    start: () => connect(),
    async close() {
      closed = true;
      clearTimeout(retry);
      // What committed is still announced to the other instances.
      await flush();
      shutdown.abort();
      await client?.end().catch(() => {});
      await announcer.end().catch(() => {});
    },
  };
}

/** Well inside the one second in which open pages must show a change. */
const ANNOUNCE_WINDOW_MS = 20;

/** Announced changes remembered for the delivery lag (a few seconds of a busy instance's writes). */
const SENT_REMEMBERED = 10_000;

function sentKey(change: RunChange): string {
  return `${change.run_id}:${change.version}:${change.op}`;
}
