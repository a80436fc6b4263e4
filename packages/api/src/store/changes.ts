import { Prisma, type PrismaClient, type SqlRunner, sqlRunnerFor } from "@runboard/db";
import { RUN_CHANGES_CHANNEL, type RunChange } from "../live/changes.ts";
import type { RunRow } from "./runs/row.ts";

/**
 * Where every write of the run service reports what it changed. The service calls it once per
 * write, after the write committed, with the runs it changed, and never for a write that changed
 * nothing. The server's implementation batches NOTIFYs (apps/server/src/notifications.ts);
 * `notifyingChangeSink` sends one per write.
 */
export interface RunChangeSink {
  announce(changes: readonly RunChange[]): void | Promise<void>;
}

/** The one place a change's payload is built (the trigger for plain-SQL writes mirrors it). */
export function runChangeOf(
  row: Pick<RunRow, "id" | "thread_id" | "status" | "version">,
  op: RunChange["op"],
): RunChange {
  return { run_id: row.id, thread_id: row.thread_id, status: row.status, version: row.version, op };
}

/** One statement announcing all of `changes` on the channel every Runboard instance listens to. */
export function notifyStatement(changes: readonly RunChange[]): Prisma.Sql {
  const payloads = changes.map((change) => JSON.stringify(change));
  return Prisma.sql`SELECT pg_notify(${RUN_CHANGES_CHANNEL}, payload) FROM unnest(${payloads}::text[]) AS payload`;
}

/**
 * Announces each write as soon as it has committed, with one NOTIFY statement on the same pool:
 * for processes with no feed of their own (the CLI). The write is saved by then, so a failure to
 * announce is reported, not thrown: the caller must not be told its write failed.
 */
export function notifyingChangeSink(prisma: PrismaClient, sql: SqlRunner = sqlRunnerFor(prisma)): RunChangeSink {
  return {
    async announce(changes) {
      await sql(notifyStatement(changes)).catch((error: unknown) => {
        console.error("runboard: could not announce run changes to open pages (the changes are saved)", error);
      });
    },
  };
}

/**
 * A CTE (name it `announced`) that every writing statement of the store evaluates before it
 * writes: it tells the runs_notify_* triggers, which only exist for writes made by plain SQL outside
 * Runboard, that this transaction's changes go through the sink, so they are not announced twice.
 * A CTE runs when the statement first reads it and AFTER ROW triggers fire at the end of the
 * statement, so reading it in the step every write comes from is enough (test/changes.test.ts).
 * `true`: the mark ends with the transaction, so later plain SQL on the connection is announced.
 */
export const ANNOUNCED_BY_SINK = Prisma.sql`announced AS (SELECT set_config('runboard.announced', 'on', true))`;

/** The condition that reads `ANNOUNCED_BY_SINK` (always true). */
export const ANNOUNCED = Prisma.sql`EXISTS (SELECT FROM announced)`;
