import type { MetadataPatch, Run } from "@runboard/contract";
import { createPrismaClient, mulberry32, type PrismaClient } from "@runboard/db";
import { connectClient, createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createRunService, notifyingChangeSink, parseImportedRun } from "../src/index.ts";
import { generateRuns } from "./run-fixtures.ts";
import { runServiceFor } from "./setup.ts";

// run_metadata_entries must hold exactly the pairs of every run (within the limits the table keeps:
// keys ≤ 64, values ≤ 512 characters, no JSON nulls), whoever wrote the run: Runboard's modify
// keeps it from the patch in its own statement; imports and plain SQL outside Runboard are kept
// by the triggers on runs. A random mix of all of them, some concurrent, must never leave a
// missing or stale pair.

let db: TestDatabase;
let prisma: PrismaClient;
type Client = Awaited<ReturnType<typeof connectClient>>;
let client: Client;
let service: ReturnType<typeof runServiceFor>;

const ORIGIN = { actor: { type: "system", id: null, label: "test" }, surface: "cli" } as const;

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url, { maxConnections: 12 });
  service = runServiceFor(prisma);
  client = await connectClient(db.url);
});

afterAll(async () => {
  await client?.end();
  await prisma?.$disconnect();
  await db?.drop();
});

/** Pairs the table lacks and pairs it has that no run has; both empty when it is exact. */
async function entriesDrift(): Promise<{ missing: unknown[]; stale: unknown[] }> {
  const expected = `SELECT e.key, e.value, r.created_at, r.id AS run_id
    FROM runs r CROSS JOIN LATERAL jsonb_each_text(r.metadata) e
    WHERE e.value IS NOT NULL AND length(e.key) <= 64 AND length(e.value) <= 512`;
  const actual = "SELECT key, value, created_at, run_id FROM run_metadata_entries";
  const missing = await client.query(`${expected} EXCEPT ALL ${actual} LIMIT 5`);
  const stale = await client.query(`${actual} EXCEPT ALL ${expected} LIMIT 5`);
  return { missing: missing.rows, stale: stale.rows };
}

async function expectExact(step: string) {
  expect(await entriesDrift(), step).toEqual({ missing: [], stale: [] });
}

const KEYS = ["env", "team", "customer_id", "ticket", "ключ", "🔑", `k${"x".repeat(63)}`];
const VALUES = ["prod", "staging", "blue", "🚀 launch", "", "v".repeat(512)];

/** The ImportedRun of a stored run with other metadata (an import that changes it). */
function reimported(run: Run, metadata: Record<string, string>) {
  const parsed = parseImportedRun({ ...run, metadata });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.detail));
  return parsed.run;
}

describe("run_metadata_entries", () => {
  it("equals the pairs of every run after a random mix of modifies, imports and plain-SQL writes", async () => {
    const random = mulberry32(16);
    const int = (n: number) => Math.floor(random() * n);
    const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

    const generated = generateRuns(60, { seed: 16, prefix: "run_mix", runsPerThread: 6 });
    const imported = generated.map((run) => {
      const parsed = parseImportedRun(run);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.detail));
      return parsed.run;
    });
    expect((await service.importRuns(imported)).inserted).toBe(60);
    await expectExact("after the first import");
    const ids = generated.map((r) => ({ thread_id: r.thread_id, run_id: r.id }));

    const randomPatch = (): MetadataPatch => {
      const patch: MetadataPatch = {};
      for (let i = 0, n = 1 + int(3); i < n; i++) patch[pick(KEYS)] = random() < 0.3 ? null : pick(VALUES);
      return patch;
    };
    // Over the limit when the run has many keys; that is a refusal, which must change nothing.
    const modify = (ref: (typeof ids)[number], patch: MetadataPatch) =>
      service.modifyMetadata(ref.thread_id, ref.run_id, patch, ORIGIN).catch((error: Error) => {
        if (error.name !== "MetadataLimitError") throw error;
      });

    for (let round = 0; round < 30; round++) {
      const ref = pick(ids);
      switch (round % 6) {
        case 0:
          // Runboard's modify, one at a time and many at once (several on the same run and key).
          await modify(ref, randomPatch());
          await Promise.all(Array.from({ length: 8 }, () => modify(random() < 0.5 ? ref : pick(ids), randomPatch())));
          break;
        case 1: {
          // An import that changes the metadata of a few stored runs.
          const runs = await Promise.all(
            Array.from({ length: 3 }, () => pick(ids)).map((r) => service.get(r.thread_id, r.run_id)),
          );
          const unique = [...new Map(runs.map((r) => [r.id, r])).values()];
          await service.importRuns(unique.map((r) => reimported(r, { env: pick(VALUES), [pick(KEYS)]: "imported" })));
          break;
        }
        case 2:
          // Plain SQL: values and keys beyond the limits, a JSON null and a number, a removal.
          await client.query(
            `UPDATE runs SET metadata = metadata - 'team'
               || jsonb_build_object($2::text, repeat('w', 600), repeat('q', 70), 'long key', 'n', null, 'num', 7, 'env', $3::text)
             WHERE id = $1`,
            [ref.run_id, pick(KEYS), pick(VALUES)],
          );
          break;
        case 3:
          // Plain SQL touching many runs at once, and a status-only change.
          await client.query(
            "UPDATE runs SET metadata = metadata || jsonb_build_object('bulk', $1::text) WHERE id LIKE 'run_mix_00000%'",
            [`b${round}`],
          );
          await client.query("UPDATE runs SET status = 'failed' WHERE id = $1", [ref.run_id]);
          break;
        case 4:
          // Plain SQL moving a run in time (entries carry created_at), then a modify of it.
          await client.query("UPDATE runs SET created_at = created_at + interval '1 second' WHERE id = $1", [
            ref.run_id,
          ]);
          await modify(ref, randomPatch());
          break;
        case 5: {
          // Plain SQL in the same transaction after Runboard's modify statement: the modify's
          // mark must not make the trigger skip the later write.
          const tx = await connectClient(db.url);
          try {
            const inTransaction = createRunService({
              prisma,
              changes: notifyingChangeSink(prisma),
              sql: async (statement) => (await tx.query(statement.text, statement.values as unknown[])).rows,
            });
            await tx.query("BEGIN");
            await inTransaction
              .modifyMetadata(ref.thread_id, ref.run_id, { env: `tx${round}` }, ORIGIN)
              .catch(() => undefined);
            await tx.query('UPDATE runs SET metadata = metadata || \'{"after": "modify"}\' WHERE id = $1', [
              ref.run_id,
            ]);
            await tx.query("COMMIT");
          } finally {
            await tx.end();
          }
          break;
        }
      }
      await expectExact(`after round ${round}`);
    }

    // Plain-SQL deletes and inserts, too.
    await client.query("DELETE FROM runs WHERE id = $1", [ids[0]?.run_id]);
    await client.query(
      `INSERT INTO runs (id, thread_id, assistant_id, status, created_at, model, metadata)
       SELECT 'run_mix_plain', thread_id, assistant_id, 'queued', now(), 'gpt-4o', '{"env": "prod", "x": "y"}'
       FROM runs WHERE id = $1`,
      [ids[1]?.run_id],
    );
    await expectExact("after a plain-SQL delete and insert");
  });

  it("stays exact when a modify waits for another writer of the same run and key", async () => {
    const [run] = generateRuns(1, { seed: 17, prefix: "run_wait" });
    const parsed = parseImportedRun({ ...run, metadata: { env: "one" } });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.detail));
    await service.importRuns([parsed.run]);
    const { thread_id, id } = parsed.run;

    // A plain-SQL writer holds the row; the modify starts (its snapshot still sees env=one), waits
    // for the lock, and finds env=two once the writer commits.
    const writer = await connectClient(db.url);
    try {
      await writer.query("BEGIN");
      await writer.query(`UPDATE runs SET metadata = '{"env": "two"}' WHERE id = $1`, [id]);
      const modifying = service.modifyMetadata(thread_id, id, { env: "three" }, ORIGIN);
      for (;;) {
        const { rows } = await client.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        );
        if (rows[0].n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await writer.query("COMMIT");
      expect((await modifying).metadata).toEqual({ env: "three" });
    } finally {
      await writer.end();
    }
    await expectExact("after the waiting modify");
    const { rows } = await client.query("SELECT key, value FROM run_metadata_entries WHERE run_id = $1", [id]);
    expect(rows).toEqual([{ key: "env", value: "three" }]);
  });
});
