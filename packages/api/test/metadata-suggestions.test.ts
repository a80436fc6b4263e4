import { Prisma, sqlRunnerFor } from "@runboard/db";
import { describe, expect, it } from "vitest";
import { metadataKeysSql, metadataValuesSql } from "../src/store/runs/suggest.ts";
import { insertRuns, useTestRouter } from "./setup.ts";

const ctx = useTestRouter();

describe("metadata suggestions", () => {
  it("lists the keys and a key's values that runs have, by prefix, each once and in order", async () => {
    await insertRuns(ctx.prisma, [
      { threadId: "thread_sug", metadata: { env: "production", team: "payments" } },
      { threadId: "thread_sug", metadata: { env: "production", team: "search" } },
      { threadId: "thread_sug", metadata: { env: "prod-eu", owner: "ana" } },
      { threadId: "thread_sug", metadata: { environment: "x" } },
    ]);
    expect((await ctx.caller.run.metadataKeys({})).data).toEqual(["env", "environment", "owner", "team"]);
    expect((await ctx.caller.run.metadataKeys({ prefix: "env" })).data).toEqual(["env", "environment"]);
    expect((await ctx.caller.run.metadataKeys({ prefix: "env", limit: 1 })).data).toEqual(["env"]);
    expect((await ctx.caller.run.metadataKeys({ prefix: "zzz" })).data).toEqual([]);
    // Typing "prod" finds what the data says, so `env=prod` is not a silent empty list.
    expect((await ctx.caller.run.metadataValues({ key: "env", prefix: "prod" })).data).toEqual([
      "prod-eu",
      "production",
    ]);
    expect((await ctx.caller.run.metadataValues({ key: "nobody" })).data).toEqual([]);
    // LIKE's wildcards are plain characters in a prefix.
    expect((await ctx.caller.run.metadataValues({ key: "env", prefix: "%" })).data).toEqual([]);
  });

  it("walks the entries' primary key one distinct entry at a time, never reading every pair", async () => {
    const sql = sqlRunnerFor(ctx.prisma);
    for (const statement of [metadataKeysSql("e", 20), metadataValuesSql("env", "prod", 20)]) {
      const [plan] = await sql<{ "QUERY PLAN": unknown }>(Prisma.sql`EXPLAIN (FORMAT JSON) ${statement}`);
      const text = JSON.stringify(plan);
      expect(text).toContain("run_metadata_entries_pkey");
      expect(text).not.toContain('"Seq Scan"');
    }
  });
});
