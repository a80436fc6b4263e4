import { modifyRunBodySchema, modifyRunInputSchema, runSchema } from "@runboard/contract";
import { mutation } from "../define.ts";
import { RUN_PARAMS } from "./params.ts";

export const modifyRun = mutation({
  description:
    "Merges a metadata patch into the run (a key sent as null is removed) and returns the whole run; " +
    "with `expected_version` (REST: If-Match) only while the run is still at that version.",
  permission: "runs:write",
  input: modifyRunInputSchema,
  output: runSchema,
  hot: true,
  handler: ({ ctx, input, conditions }) =>
    ctx.runService.modifyMetadata(input.thread_id, input.run_id, input.metadata, {
      actor: ctx.actor,
      surface: ctx.surface,
      expectedVersions:
        conditions.ifMatch ?? (input.expected_version === undefined ? undefined : [input.expected_version]),
    }),
  rest: {
    method: "POST",
    path: "/threads/{thread_id}/runs/{run_id}",
    operationId: "modifyRun",
    summary: "Modify a run's metadata",
    description:
      "Merges the metadata patch into the run's metadata and returns the whole run. With `If-Match`, " +
      "only while the run is still at the version you read.",
    tag: "Runs",
    params: RUN_PARAMS,
    body: {
      schema: modifyRunBodySchema,
      component: "ModifyRunRequest",
      missing: 'a JSON body is required, such as {"metadata": {"key": "value"}}',
    },
    ifMatch:
      'Modify only if the run is still at this version: the `ETag` of the run you read, such as `"3"` ' +
      "(a list of tags, or `*` for any version, also works). A stale tag answers 412 and changes nothing.",
    etag: true,
    response: { component: "Run", description: "The modified run." },
    errors: ["RunNotFoundError", "RunVersionConflictError"],
  },
});
