import { listRunsInputSchema, runListSchema } from "@runboard/contract";
import { query } from "../define.ts";
import { THREAD_PARAM } from "./params.ts";

export const listRuns = query({
  description: "A page of runs, newest first unless told: by thread, status, assistant and metadata pairs.",
  permission: "runs:read",
  input: listRunsInputSchema,
  output: runListSchema,
  hot: true,
  handler: ({ ctx, input }) => ctx.runService.list(input),
  rest: {
    method: "GET",
    path: "/threads/{thread_id}/runs",
    operationId: "listRuns",
    summary: "List the runs of a thread",
    tag: "Runs",
    params: THREAD_PARAM,
    // OpenAI's List Runs parameters; the other filters are tRPC's.
    query: {
      limit: "How many runs to return.",
      order: "Sort order by `created_at`: `asc` or `desc`.",
      after: "A run id from a previous page: the list continues after it.",
      before: "A run id from a previous page: the list continues before it, towards the start.",
    },
    response: { component: "RunList", description: "A page of runs." },
  },
});
