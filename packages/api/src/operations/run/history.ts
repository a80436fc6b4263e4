import { runHistoryInputSchema, runHistorySchema } from "@runboard/contract";
import { query } from "../define.ts";

export const runHistory = query({
  description: "The run's metadata changes, newest first (who, through which surface, when, before → after).",
  permission: "runs:read",
  input: runHistoryInputSchema,
  output: runHistorySchema,
  hot: true,
  handler: ({ ctx, input }) => ctx.runService.history(input),
});
