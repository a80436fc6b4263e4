import { z } from "zod";
import { idSchema, runStatusSchema } from "./run.ts";

/** One event of the live-updates stream: a run was created, or its status or metadata changed. */
export const runChangeSchema = z.object({
  run_id: z.string(),
  thread_id: z.string(),
  status: runStatusSchema,
  version: z.number().int(),
  op: z.enum(["insert", "update"]),
});

/** `live.runChanges`' input: the runs a page shows (one thread, one run, or all without a filter). */
export const runChangesInputSchema = z
  .strictObject({ thread_id: idSchema.optional(), run_id: idSchema.optional() })
  .optional();
