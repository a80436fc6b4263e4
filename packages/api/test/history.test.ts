import type { Metadata, MetadataPatch, Run } from "@runboard/contract";
import type { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { createCaller, createTRPCContext, validationDetail } from "../src/index.ts";
import { generateRuns } from "./run-fixtures.ts";
import { insertRuns, runServiceFor, TEST_EDITOR, useTestRouter } from "./setup.ts";

const ctx = useTestRouter();
const THREAD = "thread_history";

async function storedRevisions(runId: string) {
  return ctx.prisma.runRevision.findMany({ where: { runId }, orderBy: { version: "asc" } });
}

/** The run's revision chain is whole: contiguous versions, each "before" the previous "after". */
async function expectUnbrokenChain(runId: string, initial: Metadata, changes: number) {
  const revisions = await storedRevisions(runId);
  const run = await ctx.caller.run.get({ thread_id: THREAD, run_id: runId });
  expect(revisions.map((r) => r.version)).toEqual(Array.from({ length: changes }, (_, i) => i + 2));
  let previous: unknown = initial;
  for (const revision of revisions) {
    expect(revision.metadataBefore).toEqual(previous);
    expect(revision.metadataAfter).not.toEqual(revision.metadataBefore);
    previous = revision.metadataAfter;
  }
  expect(previous).toEqual(run.metadata);
  expect(run.version).toBe(changes + 1);
}

/** Retries on CONFLICT the way a careful client does: read the run again, send the new version. */
async function modifyCarefully(runId: string, patch: MetadataPatch): Promise<{ run: Run; conflicts: number }> {
  let conflicts = 0;
  for (;;) {
    const current = await ctx.caller.run.get({ thread_id: THREAD, run_id: runId });
    try {
      const run = await ctx.caller.run.modify({
        thread_id: THREAD,
        run_id: runId,
        metadata: patch,
        expected_version: current.version,
      });
      return { run, conflicts };
    } catch (error) {
      if ((error as TRPCError).code !== "CONFLICT") throw error;
      conflicts++;
    }
  }
}

describe("the revision chain under concurrency", () => {
  it("50 concurrent modifies, with and without expected_version, leave a whole chain", async () => {
    const initial = { seed: "0" };
    const [runId] = (await insertRuns(ctx.prisma, [{ threadId: THREAD, metadata: initial }])) as [string];
    // Every patch is a real change (a value never used before); some also delete a key, which
    // may or may not exist by then. Keys stay within ten, so the 16-key limit never interferes.
    const patchOf = (i: number): MetadataPatch => ({
      [`k${i % 10}`]: `v${i}`,
      ...(i % 7 === 0 ? { [`k${(i + 3) % 10}`]: null } : {}),
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) =>
        i % 2 === 0
          ? {
              run: await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: patchOf(i) }),
              conflicts: 0,
            }
          : modifyCarefully(runId, patchOf(i)),
      ),
    );
    await expectUnbrokenChain(runId, initial, 50);

    // Each call's answer is the state right after its own change, and that is its revision.
    const revisions = await storedRevisions(runId);
    const byVersion = new Map(revisions.map((r) => [r.version, r]));
    expect(new Set(results.map((r) => r.run.version)).size).toBe(50);
    for (const { run } of results) expect(byVersion.get(run.version)?.metadataAfter).toEqual(run.metadata);
    // The careful half really raced: some of them had to retry.
    expect(results.reduce((sum, r) => sum + r.conflicts, 0)).toBeGreaterThan(0);
  });

  it("imports racing with modifies on the same run also leave a whole chain", async () => {
    const run: Run = {
      ...(generateRuns(1, { prefix: "run_chain", seed: 5 })[0] as Run),
      thread_id: THREAD,
      metadata: { seed: "0" },
    };
    await runServiceFor(ctx.prisma).importRuns([run]);
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 3 === 0
          ? runServiceFor(ctx.prisma)
              .importRuns([{ ...run, metadata: { imported: `${i}` } }])
              .then((r) => r.updated)
          : ctx.caller.run
              .modify({ thread_id: THREAD, run_id: run.id, metadata: { [`k${i % 4}`]: `v${i}` } })
              .then(() => 1),
      ),
    );
    expect(outcomes.every((n) => n === 1)).toBe(true);
    await expectUnbrokenChain(run.id, { seed: "0" }, 30);
    const surfaces = (await storedRevisions(run.id)).map((r) => r.surface);
    expect(surfaces.filter((s) => s === "import")).toHaveLength(10);
    expect(surfaces.filter((s) => s === "trpc")).toHaveLength(20);
  });

  it("a modify that changes nothing writes no revision and keeps the version", async () => {
    const [runId] = (await insertRuns(ctx.prisma, [{ threadId: THREAD, metadata: { a: "1" } }])) as [string];
    const same = await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { a: "1", gone: null } });
    expect(same.version).toBe(1);
    const again = await ctx.caller.run.modify({
      thread_id: THREAD,
      run_id: runId,
      metadata: { a: "1" },
      expected_version: 1,
    });
    expect(again.version).toBe(1);
    expect(await storedRevisions(runId)).toEqual([]);
  });
});

describe("run.history", () => {
  let runId: string;
  let otherRunId: string;

  beforeAll(async () => {
    [runId, otherRunId] = (await insertRuns(ctx.prisma, [
      { threadId: THREAD, metadata: { env: "prod" } },
      { threadId: THREAD },
    ])) as [string, string];
    await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { env: "staging", owner: "ana" } });
    const dashboard = createCaller(
      createTRPCContext({
        runService: runServiceFor(ctx.prisma),
        surface: "dashboard",
        principal: { type: "user", id: "user_1", label: "Ana", email: "ana@runboard.test", role: "editor" },
      }),
    );
    await dashboard.run.modify({ thread_id: THREAD, run_id: runId, metadata: { owner: "bo" }, expected_version: 2 });
    await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { env: null, ticket: "T-1" } });
  });

  it("lists the changes newest first, in the wire shape", async () => {
    const history = await ctx.caller.run.history({ thread_id: THREAD, run_id: runId });
    expect(history.object).toBe("list");
    expect(history.has_more).toBe(false);
    expect(history.data.map((r) => r.version)).toEqual([4, 3, 2]);
    const [latest, middle, first] = history.data;
    expect(first).toEqual({
      object: "thread.run.revision",
      run_id: runId,
      thread_id: THREAD,
      version: 2,
      created_at: expect.any(Number),
      actor: { type: "user", id: TEST_EDITOR.id, label: TEST_EDITOR.label },
      surface: "trpc",
      metadata_before: { env: "prod" },
      metadata_after: { env: "staging", owner: "ana" },
    });
    expect(Math.abs((first?.created_at ?? 0) - Date.now() / 1000)).toBeLessThan(60);
    expect(middle).toMatchObject({ actor: { type: "user", id: "user_1", label: "Ana" }, surface: "dashboard" });
    expect(latest).toMatchObject({
      metadata_before: { env: "staging", owner: "bo" },
      metadata_after: { owner: "bo", ticket: "T-1" },
    });
  });

  it("pages with limit and before_version", async () => {
    const page = await ctx.caller.run.history({ thread_id: THREAD, run_id: runId, limit: 2 });
    expect(page.data.map((r) => r.version)).toEqual([4, 3]);
    expect(page.has_more).toBe(true);
    const rest = await ctx.caller.run.history({ thread_id: THREAD, run_id: runId, limit: 2, before_version: 3 });
    expect(rest.data.map((r) => r.version)).toEqual([2]);
    expect(rest.has_more).toBe(false);
  });

  it("is an empty list for a run never changed, and NOT_FOUND as for get", async () => {
    expect(await ctx.caller.run.history({ thread_id: THREAD, run_id: otherRunId })).toEqual({
      object: "list",
      data: [],
      has_more: false,
    });
    for (const [thread, run] of [
      [THREAD, "run_missing"],
      ["thread_elsewhere", runId],
    ] as const) {
      await expect(ctx.caller.run.history({ thread_id: thread, run_id: run })).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: `No run found with id '${run}' in thread '${thread}'.`,
      });
    }
  });

  it("rejects a bad limit or cursor with 422 detail", async () => {
    const error = await ctx.caller.run
      .history({ thread_id: THREAD, run_id: runId, limit: 0, before_version: 1.5 })
      .catch((e: TRPCError) => e);
    expect((error as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
    expect(validationDetail((error as TRPCError).cause)?.map((d) => d.loc)).toEqual([
      ["body", "limit"],
      ["body", "before_version"],
    ]);
  });
});
