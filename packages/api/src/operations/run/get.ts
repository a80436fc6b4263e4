import { runRefSchema, runSchema } from "@runboard/contract";
import { query } from "../define.ts";
import { RUN_PARAMS } from "./params.ts";

export const getRun = query({
  description: "One run, addressed by its thread and id (a run under another thread is not found).",
  permission: "runs:read",
  input: runRefSchema,
  output: runSchema,
  hot: true,
  handler: ({ ctx, input }) => ctx.runService.get(input.thread_id, input.run_id),
  rest: {
    method: "GET",
    path: "/threads/{thread_id}/runs/{run_id}",
    operationId: "getRun",
    summary: "Retrieve a run",
    tag: "Runs",
    params: RUN_PARAMS,
    etag: true,
    response: { component: "Run", description: "The run." },
    errors: ["RunNotFoundError"],
  },
});
