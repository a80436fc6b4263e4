// Inserts the demo data set (see demo-data.ts) into an empty store. Used on the first start of
// the embedded database and by `pnpm db:seed`.
import type { PrismaClient } from "../generated/prisma/client.ts";
import { buildDemoData, type DemoDataOptions } from "./demo-data.ts";

export type { DemoDataOptions } from "./demo-data.ts";

export interface DemoCounts {
  assistants: number;
  threads: number;
  runs: number;
}

/** Rows per INSERT: a run row can carry ~12 KB of instructions, so keep statements moderate. */
const BATCH_SIZE = 250;
/** Serialises concurrent seeders (two processes starting at once) on the same database. */
const SEED_LOCK_KEY = 7_242_001;

function batches<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH_SIZE) out.push(rows.slice(i, i + BATCH_SIZE));
  return out;
}

/**
 * Seeds the demo assistants, threads and runs in one transaction, unless the store already holds
 * a run, in which case it changes nothing. Returns the row counts the store holds afterwards
 * (on an empty store: exactly what was inserted).
 */
export async function seedDemoData(prisma: PrismaClient, opts: DemoDataOptions = {}): Promise<DemoCounts> {
  // Build (and validate the options) before touching the database.
  const data = buildDemoData(opts);

  return prisma.$transaction(
    async (tx) => {
      // Without the lock, two starts racing on an empty database would both see no runs and
      // the loser would fail on duplicate ids instead of simply finding the data seeded.
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
      if ((await tx.run.count()) === 0) {
        // skipDuplicates: a store whose runs were all deleted still has the demo assistants.
        await tx.assistant.createMany({ data: data.assistants, skipDuplicates: true });
        for (const batch of batches(data.threads)) await tx.thread.createMany({ data: batch, skipDuplicates: true });
        for (const batch of batches(data.runs)) await tx.run.createMany({ data: batch });
      }
      const [assistants, threads, runs] = [await tx.assistant.count(), await tx.thread.count(), await tx.run.count()];
      return { assistants, threads, runs };
    },
    // The default 5 s interactive-transaction timeout is tight for a cold connection on CI.
    { maxWait: 10_000, timeout: 60_000 },
  );
}
