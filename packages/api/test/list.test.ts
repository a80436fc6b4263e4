import type { Run } from "@runboard/contract";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { validationDetail } from "../src/index.ts";
import { insertRuns, type RunFixture, useTestRouter } from "./setup.ts";

const ctx = useTestRouter();
const BIG = "thread_big";
const statuses = ["queued", "in_progress", "completed", "failed"] as const;
let bigIds: string[] = [];

beforeAll(async () => {
  const base = Date.UTC(2026, 1, 1);
  const runs: RunFixture[] = Array.from({ length: 250 }, (_, i) => ({
    threadId: BIG,
    // Pairs of runs share a timestamp so the id tie-break is exercised.
    createdAt: new Date(base + Math.floor(i / 2) * 1000),
    status: statuses[i % 4],
    assistantId: i % 5 === 0 ? "asst_five" : "asst_other",
    metadata: (i % 10 === 0
      ? { team: "red", tier: "gold" }
      : i % 3 === 0
        ? { team: "red" }
        : { team: "blue" }) as Record<string, string>,
  }));
  bigIds = await insertRuns(ctx.prisma, runs);
  // Noise in other threads that must never leak into a thread's list.
  await insertRuns(ctx.prisma, [{ threadId: "thread_noise", metadata: { team: "red" } }, { threadId: "thread_noise" }]);
});

async function walk(order: "asc" | "desc", direction: "after" | "before", limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  // Backwards walks start from the far end of the list.
  if (direction === "before") {
    let page = await ctx.caller.run.list({ thread_id: BIG, order, limit });
    while (page.has_more)
      page = await ctx.caller.run.list({ thread_id: BIG, order, limit, after: page.last_id as string });
    seen.unshift(...page.data.map((r) => r.id));
    cursor = page.first_id ?? undefined;
  }
  for (let pages = 0; pages < 100; pages++) {
    const page = await ctx.caller.run.list({ thread_id: BIG, order, limit, [direction]: cursor });
    if (direction === "after") seen.push(...page.data.map((r) => r.id));
    else seen.unshift(...page.data.map((r) => r.id));
    if (!page.has_more) break;
    cursor = (direction === "after" ? page.last_id : page.first_id) ?? undefined;
  }
  return seen;
}

function expectedOrder(order: "asc" | "desc"): string[] {
  const asc = [...bigIds].sort((a, b) => {
    const ia = bigIds.indexOf(a);
    const ib = bigIds.indexOf(b);
    const ta = Math.floor(ia / 2);
    const tb = Math.floor(ib / 2);
    return ta !== tb ? ta - tb : a < b ? -1 : 1;
  });
  return order === "asc" ? asc : asc.reverse();
}

describe("run.list", () => {
  it("returns OpenAI's list envelope, newest first, 20 by default", async () => {
    const page = await ctx.caller.run.list({ thread_id: BIG });
    expect(page.object).toBe("list");
    expect(page.data).toHaveLength(20);
    expect(page.has_more).toBe(true);
    expect(page.first_id).toBe(page.data[0]?.id);
    expect(page.last_id).toBe(page.data[19]?.id);
    expect(page.data.map((r) => r.id)).toEqual(expectedOrder("desc").slice(0, 20));
  });

  it.each([
    ["desc", "after", 7],
    ["desc", "before", 7],
    ["asc", "after", 100],
    ["asc", "before", 33],
  ] as const)("walks 250 runs (%s, %s, %d a page) with no gap or repeat", async (order, direction, limit) => {
    const ids = await walk(order, direction, limit);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(ids).toEqual(expectedOrder(order));
  });

  it("filters by status, several statuses, assistant and metadata — exactly the matching runs", async () => {
    const all = async (input: Parameters<typeof ctx.caller.run.list>[0]): Promise<Run[]> => {
      const out: Run[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await ctx.caller.run.list({ ...input, limit: 100, after });
        out.push(...page.data);
        if (!page.has_more) return out;
        after = page.last_id ?? undefined;
      }
    };
    const idsWhere = (pred: (i: number) => boolean) => bigIds.filter((_, i) => pred(i)).sort();

    const failed = await all({ thread_id: BIG, status: "failed" });
    expect(failed.map((r) => r.id).sort()).toEqual(idsWhere((i) => i % 4 === 3));
    expect(failed.every((r) => r.status === "failed")).toBe(true);

    const two = await all({ thread_id: BIG, status: ["queued", "completed"] });
    expect(two.map((r) => r.id).sort()).toEqual(idsWhere((i) => i % 4 === 0 || i % 4 === 2));

    const five = await all({ assistant_id: "asst_five" });
    expect(five.map((r) => r.id).sort()).toEqual(idsWhere((i) => i % 5 === 0));

    const gold = await all({ thread_id: BIG, metadata: { team: "red", tier: "gold" } });
    expect(gold.map((r) => r.id).sort()).toEqual(idsWhere((i) => i % 10 === 0));

    const red = await all({ thread_id: BIG, metadata: { team: "red" } });
    expect(red.map((r) => r.id).sort()).toEqual(idsWhere((i) => i % 10 === 0 || i % 3 === 0));

    const redAnywhere = await all({ metadata: { team: "red" } });
    expect(redAnywhere).toHaveLength(red.length + 1);

    const combined = await all({
      thread_id: BIG,
      status: "queued",
      assistant_id: "asst_five",
      metadata: { team: "red" },
    });
    expect(combined.map((r) => r.id).sort()).toEqual(
      idsWhere((i) => i % 4 === 0 && i % 5 === 0 && (i % 10 === 0 || i % 3 === 0)),
    );
  });

  it("lists metadata beside a status or assistant through either plan, in order, both ways", async () => {
    // "wide" is on more runs than the walk's cap (the status index answers), "narrow" on fewer
    // (its entries answer); both lists must be the same runs in the same order either way.
    const base = Date.UTC(2026, 3, 1);
    const runs: RunFixture[] = Array.from({ length: 300 }, (_, i) => ({
      threadId: `thread_wide_${i % 7}`,
      createdAt: new Date(base + Math.floor(i / 2) * 1000),
      status: statuses[i % 4],
      assistantId: i % 2 === 0 ? "asst_wide_even" : "asst_wide_odd",
      metadata: (i % 5 === 0 ? { lane: "wide", spot: "narrow" } : { lane: "wide" }) as Record<string, string>,
    }));
    const ids = await insertRuns(ctx.prisma, runs);
    // The other tests list across all threads: these runs go again at the end.
    onTestFinished(async () => {
      await ctx.prisma.run.deleteMany({ where: { id: { in: ids } } });
    });
    const byTime = ids.map((id, i) => ({ id, i, t: runs[i]?.createdAt?.getTime() ?? 0 }));
    const expected = (pred: (i: number) => boolean, order: "asc" | "desc") =>
      byTime
        .filter(({ i }) => pred(i))
        .sort((a, b) => (a.t - b.t || (a.id < b.id ? -1 : 1)) * (order === "asc" ? 1 : -1))
        .map(({ id }) => id);
    const walk = async (input: Parameters<typeof ctx.caller.run.list>[0], order: "asc" | "desc") => {
      const forwards: string[] = [];
      let page = await ctx.caller.run.list({ ...input, order, limit: 7 });
      forwards.push(...page.data.map((r) => r.id));
      while (page.has_more) {
        page = await ctx.caller.run.list({ ...input, order, limit: 7, after: page.last_id as string });
        forwards.push(...page.data.map((r) => r.id));
      }
      const backwards = [...page.data.map((r) => r.id)];
      while (true) {
        page = await ctx.caller.run.list({ ...input, order, limit: 7, before: page.first_id as string });
        backwards.unshift(...page.data.map((r) => r.id));
        if (!page.has_more) break;
      }
      return { forwards, backwards };
    };
    type ListInput = Parameters<typeof ctx.caller.run.list>[0];
    const cases: { input: ListInput; pred: (i: number) => boolean }[] = [
      { input: { status: "failed" as const, metadata: { lane: "wide" } }, pred: (i: number) => i % 4 === 3 },
      { input: { status: "failed" as const, metadata: { spot: "narrow" } }, pred: (i: number) => i % 20 === 15 },
      {
        input: { status: ["failed" as const, "queued" as const], metadata: { lane: "wide", spot: "narrow" } },
        pred: (i: number) => i % 5 === 0 && (i % 4 === 3 || i % 4 === 0),
      },
      { input: { assistant_id: "asst_wide_odd", metadata: { lane: "wide" } }, pred: (i: number) => i % 2 === 1 },
      { input: { thread_id: "thread_wide_3", metadata: { spot: "narrow" } }, pred: (i: number) => i % 35 === 10 },
    ];
    for (const { input, pred } of cases) {
      for (const order of ["desc", "asc"] as const) {
        const want = expected(pred, order);
        expect(want.length, JSON.stringify(input)).toBeGreaterThan(7);
        expect(await walk(input, order), `${JSON.stringify(input)} ${order}`).toEqual({
          forwards: want,
          backwards: want,
        });
      }
    }
  });

  it("walks several statuses across all threads (merged per-status scans) both ways without gap or repeat", async () => {
    const expected = expectedOrder("desc").filter((id) => [0, 3].includes(bigIds.indexOf(id) % 4));
    const forwards: string[] = [];
    let page = await ctx.caller.run.list({ status: ["failed", "queued", "failed"], limit: 9 });
    forwards.push(...page.data.map((r) => r.id));
    while (page.has_more) {
      page = await ctx.caller.run.list({ status: ["failed", "queued"], limit: 9, after: page.last_id as string });
      forwards.push(...page.data.map((r) => r.id));
    }
    expect(forwards).toEqual(expected);
    const backwards: string[] = [...page.data.map((r) => r.id)];
    while (true) {
      page = await ctx.caller.run.list({ status: ["queued", "failed"], limit: 9, before: page.first_id as string });
      backwards.unshift(...page.data.map((r) => r.id));
      if (!page.has_more) break;
    }
    expect(backwards).toEqual(expected);
  });

  it("walks a metadata filter across all threads both ways, in order, and follows changes to the metadata", async () => {
    const ids = async (metadata: Record<string, string>, order: "asc" | "desc", direction: "after" | "before") => {
      const list = (cursor: { after?: string; before?: string } = {}) =>
        ctx.caller.run.list({ metadata, order, limit: 4, ...cursor });
      let page = await list();
      // Backwards walks start from the far end of the list.
      if (direction === "before") while (page.has_more) page = await list({ after: page.last_id as string });
      const seen = page.data.map((r) => r.id);
      for (let pages = 0; pages < 100; pages++) {
        if (direction === "after") {
          if (!page.has_more) break;
          page = await list({ after: page.last_id as string });
          seen.push(...page.data.map((r) => r.id));
        } else {
          if (page.first_id === null) break;
          page = await list({ before: page.first_id });
          seen.unshift(...page.data.map((r) => r.id));
          if (!page.has_more) break;
        }
      }
      return seen;
    };
    const gold = (order: "asc" | "desc") => expectedOrder(order).filter((id) => bigIds.indexOf(id) % 10 === 0);
    for (const order of ["asc", "desc"] as const) {
      expect(await ids({ team: "red", tier: "gold" }, order, "after")).toEqual(gold(order));
      expect(await ids({ tier: "gold", team: "red" }, order, "before")).toEqual(gold(order));
    }

    // The index follows every change: new pairs appear, removed and changed ones go.
    const lane = [bigIds[1], bigIds[40], bigIds[41], bigIds[200]] as string[];
    for (const id of lane) await ctx.caller.run.modify({ thread_id: BIG, run_id: id, metadata: { lane: "x" } });
    await ctx.caller.run.modify({ thread_id: BIG, run_id: lane[1] as string, metadata: { lane: "y" } });
    await ctx.caller.run.modify({ thread_id: BIG, run_id: lane[2] as string, metadata: { lane: null } });
    const inOrder = (wanted: string[]) => expectedOrder("desc").filter((id) => wanted.includes(id));
    expect(await ids({ lane: "x" }, "desc", "after")).toEqual(inOrder([lane[0], lane[3]] as string[]));
    expect(await ids({ lane: "y" }, "desc", "after")).toEqual([lane[1]]);
    expect(await ids({ lane: "x", team: "blue" }, "desc", "after")).toEqual(
      inOrder(
        [lane[0], lane[3]].filter(
          (id) => bigIds.indexOf(id as string) % 3 !== 0 && bigIds.indexOf(id as string) % 10 !== 0,
        ) as string[],
      ),
    );
  });

  it("stores and lists metadata written by plain SQL beyond the API's limits", async () => {
    // Too long for an index entry of the metadata table: the write must still succeed.
    const id = bigIds[7] as string;
    const longKey = "k".repeat(70);
    const longValue = "v".repeat(4000);
    await ctx.prisma.$executeRaw`
      UPDATE runs SET metadata = metadata || jsonb_build_object(${longKey}::text, 'x', 'note', ${longValue}::text)
      WHERE id = ${id}`;
    const ids = async (metadata: Record<string, string>) =>
      (await ctx.caller.run.list({ metadata, limit: 100 })).data.map((r) => r.id);
    expect(await ids({ [longKey]: "x" })).toEqual([id]);
    expect(await ids({ [longKey]: "x", team: "blue" })).toEqual([id]);
    await ctx.prisma.$executeRaw`UPDATE runs SET metadata = metadata - ${longKey}::text - 'note' WHERE id = ${id}`;
    expect(await ids({ [longKey]: "x" })).toEqual([]);
  });

  it("returns an empty page for a thread with no runs", async () => {
    expect(await ctx.caller.run.list({ thread_id: "thread_empty" })).toEqual({
      object: "list",
      data: [],
      first_id: null,
      last_id: null,
      has_more: false,
    });
  });

  it.each([
    [{ limit: 0 }, "limit"],
    [{ limit: 101 }, "limit"],
    [{ limit: 2.5 }, "limit"],
    [{ order: "sideways" }, "order"],
    [{ status: "done" }, "status"],
    [{ after: "a", before: "b" }, "before"],
    [{ after: "run_unknown" }, "after"],
  ])("rejects %j with a 422 naming %s", async (input, field) => {
    const error = await ctx.caller.run.list({ thread_id: BIG, ...(input as object) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("UNPROCESSABLE_CONTENT");
    const detail = validationDetail((error as TRPCError).cause) ?? [];
    expect(detail.map((d) => d.loc.at(-1))).toContain(field);
  });
});
