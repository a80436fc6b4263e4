import { listRunsInputSchema, modifyRunInputSchema, runHistoryInputSchema, runRefSchema } from "@runboard/contract";
import { createTRPCRouter, publicProcedure } from "../trpc.ts";

export const runRouter = createTRPCRouter({
  get: publicProcedure.input(runRefSchema).query(({ ctx, input }) => ctx.runService.get(input.thread_id, input.run_id)),

  list: publicProcedure.input(listRunsInputSchema).query(({ ctx, input }) => ctx.runService.list(input)),

  modify: publicProcedure.input(modifyRunInputSchema).mutation(({ ctx, input }) =>
    ctx.runService.modifyMetadata(input.thread_id, input.run_id, input.metadata, {
      actor: ctx.actor,
      surface: ctx.surface,
      expectedVersions: input.expected_version === undefined ? undefined : [input.expected_version],
    }),
  ),

  /** The run's metadata changes, newest first (who, through which surface, when, before → after). */
  history: publicProcedure.input(runHistoryInputSchema).query(({ ctx, input }) => ctx.runService.history(input)),
});
