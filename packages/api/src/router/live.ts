import { idSchema } from "@runboard/contract";
import { z } from "zod";
import { createTRPCRouter, viewerProcedure } from "../trpc.ts";

export const runChangesInputSchema = z
  .strictObject({ thread_id: idSchema.optional(), run_id: idSchema.optional() })
  .optional();

export const liveRouter = createTRPCRouter({
  /** Server-sent events: every change to the runs this page shows (all runs without a filter). */
  runChanges: viewerProcedure.input(runChangesInputSchema).subscription(async function* ({ ctx, input, signal }) {
    for await (const change of ctx.runChanges.changes(signal)) {
      if (input?.thread_id && change.thread_id !== input.thread_id) continue;
      if (input?.run_id && change.run_id !== input.run_id) continue;
      yield change;
    }
  }),
});
