import type { Run } from "@runboard/contract";
import { TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { beforeEach, describe, expect, it } from "vitest";
import { appRouter, createTRPCContext, RunVersionConflictError, validationDetail } from "../src/index.ts";
import { insertRuns, runServiceFor, TEST_EDITOR, useTestRouter } from "./setup.ts";

const ctx = useTestRouter();
const THREAD = "thread_conflict";
let runId: string;

beforeEach(async () => {
  [runId] = (await insertRuns(ctx.prisma, [{ threadId: THREAD, metadata: { env: "prod" } }])) as [string];
});

const get = () => ctx.caller.run.get({ thread_id: THREAD, run_id: runId });
const revisionCount = () => ctx.prisma.runRevision.count({ where: { runId } });

async function modifyError(input: Record<string, unknown>): Promise<TRPCError> {
  const error = await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: {}, ...input } as never).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

/** The router over HTTP (tRPC's fetch adapter, in-process): what a client on the wire receives. */
async function overHttp(input: unknown) {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request("http://runboard.test/api/trpc/run.modify", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(input),
    }),
    router: appRouter,
    createContext: () => createTRPCContext({ runService: runServiceFor(ctx.prisma), principal: TEST_EDITOR }),
  });
  return { status: response.status, body: (await response.json()) as { error: { data: Record<string, unknown> } } };
}

describe("run.modify with expected_version", () => {
  it("applies the change when the run is still at that version, and moves the version on", async () => {
    const run = await ctx.caller.run.modify({
      thread_id: THREAD,
      run_id: runId,
      metadata: { owner: "ana" },
      expected_version: 1,
    });
    expect(run).toMatchObject({ version: 2, metadata: { env: "prod", owner: "ana" } });
    expect(await revisionCount()).toBe(1);
  });

  it("refuses a stale version with CONFLICT carrying the current run, and changes nothing", async () => {
    await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { env: "staging" } });
    const current = await get();
    const error = await modifyError({ metadata: { env: "dev", owner: "bo" }, expected_version: 1 });
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe(
      `Run '${runId}' was changed after you read it: it is at version 2, not version 1. Nothing was saved; read the run again and re-apply your change.`,
    );
    expect(error.cause).toBeInstanceOf(RunVersionConflictError);
    expect((error.cause as RunVersionConflictError).current).toEqual(current);
    expect(await get()).toEqual(current);
    expect(await revisionCount()).toBe(1);
  });

  it("sends the current run in the error's data over HTTP, as 409", async () => {
    await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { env: "staging" } });
    const { status, body } = await overHttp({
      thread_id: THREAD,
      run_id: runId,
      metadata: { env: "dev" },
      expected_version: 1,
    });
    expect(status).toBe(409);
    expect(body.error.data).toMatchObject({ code: "CONFLICT", httpStatus: 409 });
    expect(body.error.data.current as Run).toEqual(await get());
    expect(body.error.data).not.toHaveProperty("stack");
  });

  it("is a CONFLICT even when the stale change would change nothing", async () => {
    await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { env: "staging" } });
    expect((await modifyError({ metadata: { env: "staging" }, expected_version: 1 })).code).toBe("CONFLICT");
  });

  it("checks the address first: a missing run is NOT_FOUND, not a conflict", async () => {
    const error = await ctx.caller.run
      .modify({ thread_id: THREAD, run_id: "run_missing", metadata: { a: "b" }, expected_version: 1 })
      .catch((e: TRPCError) => e);
    expect((error as TRPCError).code).toBe("NOT_FOUND");
  });

  it("still applies the 16-key limit at the right version", async () => {
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, "v"]));
    const error = await modifyError({ metadata: sixteen, expected_version: 1 });
    expect(error.code).toBe("UNPROCESSABLE_CONTENT");
    expect(validationDetail(error.cause)?.[0]).toMatchObject({ type: "object_above_max_properties" });
    expect(await revisionCount()).toBe(0);
  });

  it.each([
    ["zero", 0, "expected_version must be at least 1"],
    ["a fraction", 1.5, "expected_version must be a whole number"],
    ["a string", "1", "expected_version must be a run's version number"],
    ["null", null, "expected_version must be a run's version number"],
  ])("rejects %s as expected_version with 422 at that field", async (_what, value, msg) => {
    const error = await modifyError({ metadata: { a: "b" }, expected_version: value });
    expect(error.code).toBe("UNPROCESSABLE_CONTENT");
    expect(validationDetail(error.cause)).toEqual([
      expect.objectContaining({ loc: ["body", "expected_version"], msg }),
    ]);
  });

  it("lets exactly one of many writers holding the same version win", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { writer: `w${i}` }, expected_version: 1 }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r.reason as TRPCError).code).toBe("CONFLICT");
    }
    expect((await get()).metadata).toEqual((won[0] as PromiseFulfilledResult<Run>).value.metadata);
    expect(await revisionCount()).toBe(1);
  });
});
