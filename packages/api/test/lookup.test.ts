import { describe, expect, it } from "vitest";
import { insertRuns, useTestRouter } from "./setup.ts";

const ctx = useTestRouter();

describe("lookup.id", () => {
  it("says what a pasted id names: a run with its thread, a thread, an assistant, or nothing", async () => {
    const [runId] = (await insertRuns(ctx.prisma, [{ threadId: "thread_find", assistantId: "asst_find" }])) as [string];
    expect(await ctx.caller.lookup.id({ id: runId })).toEqual({ kind: "run", run_id: runId, thread_id: "thread_find" });
    expect(await ctx.caller.lookup.id({ id: "thread_find" })).toEqual({ kind: "thread", thread_id: "thread_find" });
    expect(await ctx.caller.lookup.id({ id: "asst_find" })).toEqual({ kind: "assistant", assistant_id: "asst_find" });
    expect(await ctx.caller.lookup.id({ id: "run_nobody" })).toEqual({ kind: "none", id: "run_nobody" });
  });

  it("refuses an id no object could have with a 422 naming it", async () => {
    await expect(ctx.caller.lookup.id({ id: "has space" })).rejects.toMatchObject({
      code: "UNPROCESSABLE_CONTENT",
    });
  });
});
