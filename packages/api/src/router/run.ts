import { listRunsInputSchema, modifyRunInputSchema, runHistoryInputSchema, runRefSchema } from "@runboard/contract";
import { createTRPCRouter, editorProcedure, viewerProcedure } from "../trpc.ts";

export const runRouter = createTRPCRouter({
  get: viewerProcedure.input(runRefSchema).query(({ ctx, input }) => ctx.runService.get(input.thread_id, input.run_id)),

  list: viewerProcedure.input(listRunsInputSchema).query(({ ctx, input }) => ctx.runService.list(input)),

  modify: editorProcedure.input(modifyRunInputSchema).mutation(({ ctx, input }) =>
    ctx.runService.modifyMetadata(input.thread_id, input.run_id, input.metadata, {
      actor: ctx.actor,
      surface: ctx.surface,
      expectedVersions: input.expected_version === undefined ? undefined : [input.expected_version],
    }),
  ),

  /** The run's metadata changes, newest first (who, through which surface, when, before → after). */
  history: viewerProcedure.input(runHistoryInputSchema).query(({ ctx, input }) => ctx.runService.history(input)),
});
