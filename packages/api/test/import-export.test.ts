import type { Run } from "@runboard/contract";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type ExportRunsOptions, type ImportedRun, parseImportedRun } from "../src/index.ts";
import { generateRuns } from "./run-fixtures.ts";
import { runServiceFor } from "./setup.ts";

// Two databases: the import/export round trip must be exact from one store into a fresh one.
let first: { db: TestDatabase; prisma: PrismaClient };
let second: { db: TestDatabase; prisma: PrismaClient };

async function open() {
  const db = await createTestDatabase(inject("templateDatabase"));
  return { db, prisma: createPrismaClient(db.url) };
}

beforeAll(async () => {
  [first, second] = await Promise.all([open(), open()]);
});

afterAll(async () => {
  for (const store of [first, second]) {
    await store?.prisma.$disconnect();
    await store?.db.drop();
  }
});

const generated = generateRuns(3000, { seed: 7 });

async function importAll(prisma: PrismaClient, runs: readonly ImportedRun[], batchSize = 1000) {
  const total = { inserted: 0, updated: 0, unchanged: 0, superseded: 0, rejected: [] as unknown[] };
  for (let i = 0; i < runs.length; i += batchSize) {
    const result = await runServiceFor(prisma).importRuns(runs.slice(i, i + batchSize));
    total.inserted += result.inserted;
    total.updated += result.updated;
    total.unchanged += result.unchanged;
    total.superseded += result.superseded;
    total.rejected.push(...result.rejected);
  }
  return total;
}

async function exportText(prisma: PrismaClient, options: ExportRunsOptions = {}): Promise<string> {
  let text = "";
  for await (const run of runServiceFor(prisma).exportRuns(options)) text += `${JSON.stringify(run)}\n`;
  return text;
}

const versions = (prisma: PrismaClient) =>
  prisma.$queryRaw<{ id: string; version: number; updated_at: Date }[]>`
    SELECT id, version, updated_at FROM runs ORDER BY id`;

describe("import and export", () => {
  it("round-trips 3,000 varied runs exactly, into a fresh database and back", async () => {
    // The fixture covers what the round trip has to carry.
    expect(new Set(generated.map((r) => r.status)).size).toBe(8);
    expect(new Set(generated.map((r) => Object.keys(r.metadata).length))).toEqual(
      new Set(Array.from({ length: 17 }, (_, n) => n)),
    );
    expect(generated.some((r) => r.required_action) && generated.some((r) => r.last_error)).toBe(true);

    expect(await importAll(first.prisma, generated)).toEqual({
      inserted: 3000,
      updated: 0,
      unchanged: 0,
      superseded: 0,
      rejected: [],
    });
    const exported = await exportText(first.prisma);
    const lines = exported.trimEnd().split("\n");
    expect(lines).toHaveLength(3000);
    // Same runs, field for field (jsonb may order metadata keys differently from the input file).
    expect(lines.map((line) => JSON.parse(line))).toEqual(generated);

    const reparsed = lines.map((line) => {
      const parsed = parseImportedRun(JSON.parse(line));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.detail));
      return parsed.run;
    });
    expect((await importAll(second.prisma, reparsed, 777)).inserted).toBe(3000);
    // Small batches: the keyset walks through many runs sharing one created_at second.
    expect(await exportText(second.prisma, { batchSize: 7 })).toBe(exported);

    const threads = await second.prisma.thread.count();
    expect(threads).toBe(new Set(generated.map((r) => r.thread_id)).size);
    const assistant = await second.prisma.assistant.findUniqueOrThrow({ where: { id: "asst_0" } });
    expect(assistant.model).toBe(generated.find((r) => r.assistant_id === "asst_0")?.model);
  });

  it("is idempotent: importing the same runs again writes nothing and keeps every version", async () => {
    const before = await versions(first.prisma);
    expect(await importAll(first.prisma, generated)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3000 });
    expect(await versions(first.prisma)).toEqual(before);
    expect(await first.prisma.run.count()).toBe(3000);
  });

  it("updates a changed run in place and bumps only its version", async () => {
    const original = generated[10] as Run;
    const changed: Run = { ...original, status: "cancelled", metadata: { ...original.metadata, reviewed: "yes" } };
    const before = await versions(first.prisma);
    expect(await runServiceFor(first.prisma).importRuns([changed, generated[11] as Run])).toMatchObject({
      inserted: 0,
      updated: 1,
      unchanged: 1,
    });
    const after = await versions(first.prisma);
    const byId = (rows: typeof before) => new Map(rows.map((r) => [r.id, r]));
    expect(byId(after).get(changed.id)?.version).toBe((byId(before).get(changed.id)?.version ?? 0) + 1);
    expect(after.filter((r) => r.id !== changed.id)).toEqual(before.filter((r) => r.id !== changed.id));
    const stored = (await exportText(first.prisma, { thread_id: changed.thread_id }))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Run);
    // The store owns versions: the file said 1, the run is now at 2.
    expect(stored.find((r) => r.id === changed.id)).toEqual({ ...changed, version: 2 });
    // Listing by metadata sees what the import wrote, and stops seeing it once it is gone again.
    const reviewed = () =>
      runServiceFor(first.prisma)
        .list({ metadata: { reviewed: "yes" }, limit: 20, order: "desc" })
        .then((page) => page.data.map((r) => r.id));
    expect(await reviewed()).toEqual([changed.id]);
    await runServiceFor(first.prisma).importRuns([original]);
    expect(await reviewed()).toEqual([]);
  });

  it("records metadata changes in the run's history (surface import), and ignores the file's version", async () => {
    const original = generated[20] as Run;
    const revisions = () =>
      first.prisma.runRevision.findMany({ where: { runId: original.id }, orderBy: { version: "asc" } });
    expect(await revisions()).toEqual([]);

    // A status change is no metadata change: a new version, no revision.
    await runServiceFor(first.prisma).importRuns([{ ...original, status: "expired", version: 99 }]);
    const tagged = { ...original.metadata, imported: "again" };
    await runServiceFor(first.prisma).importRuns([{ ...original, metadata: tagged, version: 1 }]);
    await runServiceFor(first.prisma).importRuns([{ ...original, metadata: tagged }]); // unchanged: nothing written
    await runServiceFor(first.prisma).importRuns([original]);

    const row = await first.prisma.run.findUniqueOrThrow({ where: { id: original.id } });
    expect(row.version).toBe(4);
    expect(
      (await revisions()).map((r) => [r.version, r.metadataBefore, r.metadataAfter, r.surface, r.actorType]),
    ).toEqual([
      [3, original.metadata, tagged, "import", "anonymous"],
      [4, tagged, original.metadata, "import", "anonymous"],
    ]);
  });

  it("refuses to move a run to another thread and imports the rest of the batch", async () => {
    const existing = generated[0] as Run;
    const moved: Run = { ...existing, thread_id: "thread_elsewhere", metadata: { moved: "yes" } };
    const fresh: Run = { ...existing, id: "run_fresh_1", thread_id: "thread_new_1" };
    const result = await runServiceFor(first.prisma).importRuns([moved, fresh]);
    expect(result).toMatchObject({ inserted: 1, updated: 0, unchanged: 0 });
    expect(result.rejected).toEqual([
      {
        index: 0,
        id: existing.id,
        reason: `run ${existing.id} already exists in thread ${existing.thread_id}, not in thread_elsewhere; a run cannot move to another thread`,
      },
    ]);
    const row = await first.prisma.run.findUniqueOrThrow({ where: { id: existing.id } });
    expect(row.threadId).toBe(existing.thread_id);
    expect(row.metadata).toEqual(existing.metadata);
    expect(await first.prisma.thread.findUnique({ where: { id: "thread_elsewhere" } })).toBeNull();
  });

  it("keeps the last copy of a run repeated in one batch, and rejects a copy under another thread", async () => {
    const base = { ...(generated[1] as Run), id: "run_dup_1", thread_id: "thread_dup" };
    const result = await runServiceFor(first.prisma).importRuns([
      { ...base, metadata: { n: "1" } },
      { ...base, thread_id: "thread_other" },
      { ...base, metadata: { n: "3" } },
    ]);
    expect(result).toMatchObject({ inserted: 1, superseded: 1 });
    expect(result.rejected.map((r) => r.index)).toEqual([1]);
    const row = await first.prisma.run.findUniqueOrThrow({ where: { id: "run_dup_1" } });
    expect(row.metadata).toEqual({ n: "3" });
  });

  it("exports by thread and by status, in (created_at, id) order", async () => {
    const thread = generated[5]?.thread_id as string;
    const byThread = (await exportText(second.prisma, { thread_id: thread })).trimEnd().split("\n");
    expect(byThread.map((l) => (JSON.parse(l) as Run).id)).toEqual(
      generated.filter((r) => r.thread_id === thread).map((r) => r.id),
    );
    const ids = async (status: Run["status"] | Run["status"][]) => {
      const out: string[] = [];
      for await (const run of runServiceFor(second.prisma).exportRuns({ status, batchSize: 100 })) out.push(run.id);
      return out;
    };
    expect(await ids("failed")).toEqual(generated.filter((r) => r.status === "failed").map((r) => r.id));
    expect(await ids(["queued", "expired"])).toEqual(
      generated.filter((r) => r.status === "queued" || r.status === "expired").map((r) => r.id),
    );
  });
});

describe("parseImportedRun", () => {
  const valid = generated[3] as Run;
  const detailOf = (value: unknown, ignoreUnknownFields = false) => {
    const parsed = parseImportedRun(value, { ignoreUnknownFields });
    return parsed.ok ? [] : parsed.detail.map((d) => [d.loc.join("."), d.type]);
  };

  it("accepts a wire Run and rejects unknown fields unless told to drop them", () => {
    expect(detailOf(valid)).toEqual([]);
    expect(detailOf({ ...valid, usage: null })).toEqual([["usage", "unrecognized_keys"]]);
    const lenient = parseImportedRun({ ...valid, usage: null }, { ignoreUnknownFields: true });
    expect(lenient).toEqual({ ok: true, run: valid });
  });

  it("applies the metadata limits and names the offending key", () => {
    const seventeen = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"]));
    expect(detailOf({ ...valid, metadata: seventeen })).toEqual([["metadata.k16", "object_above_max_properties"]]);
    expect(detailOf({ ...valid, metadata: { a: "v".repeat(513) } })).toEqual([
      ["metadata.a", "string_above_max_length"],
    ]);
    expect(detailOf({ ...valid, metadata: { n: 1 } })).toEqual([["metadata.n", "invalid_type"]]);
  });

  it("rejects what PostgreSQL could not store or the API could not address", () => {
    expect(detailOf({ ...valid, instructions: "a\u0000b" })).toEqual([["instructions", "invalid_string"]]);
    expect(detailOf({ ...valid, tools: [{ type: "x", name: "\ud800" }] })).toEqual([
      ["tools.0.name", "invalid_string"],
    ]);
    expect(detailOf({ ...valid, id: "run with spaces" })).toEqual([["id", "invalid_format"]]);
    expect(detailOf({ ...valid, created_at: 1e15 })).toEqual([["created_at", "number_out_of_range"]]);
  });
});
