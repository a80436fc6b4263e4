import { TRPCError } from "@trpc/server";
import { beforeEach, describe, expect, it } from "vitest";
import { validationDetail } from "../src/index.ts";
import { insertRuns, useTestRouter } from "./setup.ts";

const ctx = useTestRouter();
const THREAD = "thread_modify";
let runId: string;

beforeEach(async () => {
  runId = (await insertRuns(ctx.prisma, [{ threadId: THREAD, metadata: { keep: "me", env: "prod" } }]))[0] as string;
});

function keys(n: number, prefix = "k"): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]));
}

/** Calls run.modify and returns the TRPCError it must fail with. */
async function modifyError(metadata: unknown, thread = THREAD, run = runId): Promise<TRPCError> {
  const error = await ctx.caller.run.modify({ thread_id: thread, run_id: run, metadata } as never).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

async function expectRejected(metadata: unknown, type: string, key: string) {
  const error = await modifyError(metadata);
  expect(error.code).toBe("UNPROCESSABLE_CONTENT");
  expect(validationDetail(error.cause)).toContainEqual(
    expect.objectContaining({ loc: ["body", "metadata", key], type }),
  );
  // Nothing was saved.
  const run = await ctx.caller.run.get({ thread_id: THREAD, run_id: runId });
  expect(run.metadata).toEqual({ keep: "me", env: "prod" });
}

describe("run.modify", () => {
  it("merges: sets named keys, keeps the others, returns the whole run", async () => {
    const run = await ctx.caller.run.modify({
      thread_id: THREAD,
      run_id: runId,
      metadata: { env: "staging", owner: "ana" },
    });
    expect(run).toMatchObject({ id: runId, object: "thread.run", thread_id: THREAD, status: "completed" });
    expect(run.metadata).toEqual({ keep: "me", env: "staging", owner: "ana" });
    expect(typeof run.created_at).toBe("number");
    const stored = await ctx.caller.run.get({ thread_id: THREAD, run_id: runId });
    expect(stored.metadata).toEqual(run.metadata);
  });

  it("deletes a key sent as null and ignores null for an absent key", async () => {
    const run = await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { env: null, never: null } });
    expect(run.metadata).toEqual({ keep: "me" });
  });

  it("bumps the version only when the metadata changes", async () => {
    const version = async () => (await ctx.prisma.run.findUniqueOrThrow({ where: { id: runId } })).version;
    const v0 = await version();
    await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { env: "prod" } });
    expect(await version()).toBe(v0);
    await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { env: "dev" } });
    expect(await version()).toBe(v0 + 1);
  });

  it("accepts 16 keys in total and rejects a 17th, naming it", async () => {
    const fourteen = keys(14);
    const run = await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: fourteen });
    expect(Object.keys(run.metadata)).toHaveLength(16);
    const error = await modifyError({ extra: "x" });
    expect(error.code).toBe("UNPROCESSABLE_CONTENT");
    expect(validationDetail(error.cause)).toEqual([
      expect.objectContaining({ loc: ["body", "metadata", "extra"], type: "object_above_max_properties" }),
    ]);
    expect(error.message).toContain("at most 16 keys");
  });

  it("rejects 17 keys in one patch before touching the database", async () => {
    await expectRejected(keys(17), "object_above_max_properties", "k16");
  });

  it("counts deletions: at 16 keys, removing one makes room for another in the same patch", async () => {
    await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: keys(14) });
    const run = await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { keep: null, fresh: "y" } });
    expect(Object.keys(run.metadata)).toHaveLength(16);
    expect(run.metadata).toMatchObject({ fresh: "y" });
    expect(run.metadata).not.toHaveProperty("keep");
    // 16 set + 1 delete in one patch is fine when the result has 16.
    const replaced = await ctx.caller.run.modify({
      thread_id: THREAD,
      run_id: runId,
      metadata: { ...Object.fromEntries(Object.keys(run.metadata).map((k) => [k, null])), ...keys(16, "n") },
    });
    expect(Object.keys(replaced.metadata).sort()).toEqual(Object.keys(keys(16, "n")).sort());
  });

  it("accepts a 64-character key and rejects 65", async () => {
    const ok = "a".repeat(64);
    const run = await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { [ok]: "v" } });
    expect(run.metadata[ok]).toBe("v");
    await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { [ok]: null } });
    await expectRejected({ ["b".repeat(65)]: "v" }, "string_above_max_length", "b".repeat(65));
  });

  it("accepts a 512-character value, also of emoji, and rejects 513 — characters, not bytes", async () => {
    const ascii = "x".repeat(512);
    const emoji = "😀".repeat(512); // 2,048 bytes in UTF-8, 1,024 UTF-16 units, 512 characters
    const run = await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { ascii, emoji } });
    expect(run.metadata.ascii).toBe(ascii);
    expect(run.metadata.emoji).toBe(emoji);
    await ctx.caller.run.modify({ thread_id: THREAD, run_id: runId, metadata: { ascii: null, emoji: null } });
    await expectRejected({ long: "x".repeat(513) }, "string_above_max_length", "long");
    await expectRejected({ long: "😀".repeat(513) }, "string_above_max_length", "long");
  });

  it.each([
    ["a number", 1],
    ["a boolean", true],
    ["an object", { a: "b" }],
    ["an array", ["a"]],
  ])("rejects %s as a value", async (_label, value) => {
    await expectRejected({ bad: value }, "invalid_type", "bad");
  });

  it("rejects an empty key", async () => {
    await expectRejected({ "": "v" }, "string_below_min_length", "");
  });

  it("rejects text PostgreSQL cannot store instead of failing with a 500", async () => {
    await expectRejected({ nul: "a\u0000b" }, "invalid_string", "nul");
    await expectRejected({ half: "\ud83d" }, "invalid_string", "half");
  });

  it("rejects metadata that is not an object, and unknown fields", async () => {
    const notObject = await modifyError("text");
    expect(validationDetail(notObject.cause)).toEqual([
      expect.objectContaining({ loc: ["body", "metadata"], type: "invalid_type" }),
    ]);
    const unknown = await ctx.caller.run
      .modify({ thread_id: THREAD, run_id: runId, metadata: {}, status: "failed" } as never)
      .catch((e: TRPCError) => e);
    expect(validationDetail((unknown as TRPCError).cause)).toEqual([
      expect.objectContaining({ loc: ["body", "status"], type: "unrecognized_keys" }),
    ]);
  });

  it("answers NOT_FOUND for a missing run and for a run under another thread", async () => {
    await insertRuns(ctx.prisma, [{ threadId: "thread_other" }]);
    const missing = await modifyError({ a: "b" }, THREAD, "run_missing");
    expect(missing.code).toBe("NOT_FOUND");
    const wrongThread = await modifyError({ a: "b" }, "thread_other", runId);
    expect(wrongThread.code).toBe("NOT_FOUND");
    await expect(ctx.caller.run.get({ thread_id: "thread_other", run_id: runId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect((await ctx.caller.run.get({ thread_id: THREAD, run_id: runId })).metadata).toEqual({
      keep: "me",
      env: "prod",
    });
  });

  it("keeps every one of 16 concurrent modifies of 16 different keys", async () => {
    const [target] = await insertRuns(ctx.prisma, [{ threadId: THREAD }]);
    await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        ctx.caller.run.modify({ thread_id: THREAD, run_id: target as string, metadata: { [`key${i}`]: `value${i}` } }),
      ),
    );
    const run = await ctx.caller.run.get({ thread_id: THREAD, run_id: target as string });
    expect(run.metadata).toEqual(Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`key${i}`, `value${i}`])));
    const row = await ctx.prisma.run.findUniqueOrThrow({ where: { id: target as string } });
    expect(row.version).toBe(17);
  });

  it("lets exactly as many concurrent new keys in as fit under the limit", async () => {
    const [target] = await insertRuns(ctx.prisma, [{ threadId: THREAD, metadata: keys(10) }]);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        ctx.caller.run.modify({ thread_id: THREAD, run_id: target as string, metadata: { [`new${i}`]: "v" } }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(6);
    for (const r of results.filter((r) => r.status === "rejected")) {
      expect((r.reason as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
    }
    const run = await ctx.caller.run.get({ thread_id: THREAD, run_id: target as string });
    expect(Object.keys(run.metadata)).toHaveLength(16);
  });
});
