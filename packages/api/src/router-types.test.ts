import type {
  ApiKeySummary,
  CreateApiKeyInput,
  CreatedApiKey,
  CreateUserInput,
  ListRunsInput,
  LookupIdInput,
  LookupIdResult,
  ModifyRunInput,
  Principal,
  Run,
  RunHistory,
  RunHistoryInput,
  RunList,
  RunRef,
  UserSummary,
} from "@runboard/contract";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { describe, expect, expectTypeOf, it } from "vitest";
import type { RunChange } from "./live/changes.ts";
import { operationEntries } from "./operations/index.ts";
import { type AppRouter, appRouter } from "./root.ts";

// The router is built from the operations table by mapped types; these fail to compile (the
// typecheck step) if a procedure's input or output degrades to any/unknown or drifts from the contract.
type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;
type Yielded<T> = T extends AsyncIterable<infer Y> ? Y : never;

describe("AppRouter's types come from the operations table", () => {
  it("keeps every input and output type", () => {
    expectTypeOf<Inputs["run"]["get"]>().toEqualTypeOf<RunRef>();
    expectTypeOf<Inputs["run"]["list"]>().toEqualTypeOf<ListRunsInput>();
    expectTypeOf<Inputs["run"]["modify"]>().toEqualTypeOf<ModifyRunInput>();
    expectTypeOf<Inputs["run"]["history"]>().toEqualTypeOf<RunHistoryInput>();
    expectTypeOf<Inputs["auth"]["me"]>().toEqualTypeOf<void>();
    expectTypeOf<Inputs["lookup"]["id"]>().toEqualTypeOf<LookupIdInput>();
    expectTypeOf<Outputs["lookup"]["id"]>().toEqualTypeOf<LookupIdResult>();
    expectTypeOf<Outputs["run"]["get"]>().toEqualTypeOf<Run>();
    expectTypeOf<Outputs["run"]["modify"]>().toEqualTypeOf<Run>();
    expectTypeOf<Outputs["run"]["list"]>().toEqualTypeOf<RunList>();
    expectTypeOf<Outputs["run"]["history"]>().toEqualTypeOf<RunHistory>();
    expectTypeOf<Outputs["auth"]["me"]>().toEqualTypeOf<Principal>();
    expectTypeOf<Outputs["admin"]["users"]["list"]>().toEqualTypeOf<UserSummary[]>();
    expectTypeOf<Outputs["admin"]["apiKeys"]["list"]>().toEqualTypeOf<ApiKeySummary[]>();
    expectTypeOf<Outputs["admin"]["apiKeys"]["create"]>().toEqualTypeOf<CreatedApiKey>();
    expectTypeOf<Inputs["admin"]["users"]["create"]>().toEqualTypeOf<CreateUserInput>();
    expectTypeOf<Inputs["admin"]["apiKeys"]["create"]>().toEqualTypeOf<CreateApiKeyInput>();
    expectTypeOf<Outputs["admin"]["users"]["setRole"]>().toEqualTypeOf<UserSummary>();
    expectTypeOf<Outputs["admin"]["apiKeys"]["revoke"]>().toEqualTypeOf<ApiKeySummary>();
    expectTypeOf<Inputs["live"]["runChanges"]>().toEqualTypeOf<
      // biome-ignore lint/suspicious/noConfusingVoidType: tRPC's type for an optional input.
      void | { thread_id?: string; run_id?: string } | undefined
    >();
    expectTypeOf<Yielded<Outputs["live"]["runChanges"]>>().toEqualTypeOf<RunChange>();
    expectTypeOf<Outputs["run"]["get"]>().not.toBeAny();
    expectTypeOf<Inputs["run"]["modify"]>().not.toBeUnknown();
  });

  it("serves every operation of the table at its path, with its kind and permission", () => {
    const procedures = appRouter._def.procedures as unknown as Record<
      string,
      { _def: { type: string; meta?: unknown } }
    >;
    const entries = operationEntries();
    expect(Object.keys(procedures).sort()).toEqual(entries.map((e) => e.path).sort());
    for (const { path, operation } of entries) {
      expect(procedures[path]?._def.type, path).toBe(operation.kind);
      expect(procedures[path]?._def.meta, path).toEqual({ permission: operation.permission });
    }
  });
});
