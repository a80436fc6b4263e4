import type { RunService } from "@runboard/api";
import { actorOf } from "@runboard/api";
import { ANONYMOUS_ACTOR } from "@runboard/contract";
import type { FastifyInstance } from "fastify";
import { parseListRuns, parseModifyRun, parseRunRef } from "./input.ts";
import { etagOf } from "./preconditions.ts";

interface ThreadParams {
  thread_id: string;
}

/**
 * OpenAI's run endpoints, as thin adapters over the run service. Any `OpenAI-Beta` header the SDK
 * sends is ignored: there is one version of these routes.
 */
export function registerRunRoutes(api: FastifyInstance, runService: RunService): void {
  api.get<{ Params: ThreadParams; Querystring: Record<string, unknown> }>(
    "/threads/:thread_id/runs",
    { config: { permission: "runs:read" } },
    async (request) => runService.list(parseListRuns(request.params.thread_id, request.query)),
  );

  // Retrieve and Modify answer with the run's ETag; Modify honours If-Match with it, so a client
  // can say "only if nobody changed the run since I read it" (a stale tag is a 412).
  api.get("/threads/:thread_id/runs/:run_id", { config: { permission: "runs:read" } }, async (request, reply) => {
    const ref = parseRunRef(request.params);
    const run = await runService.get(ref.thread_id, ref.run_id);
    reply.header("etag", etagOf(run.version));
    return run;
  });

  api.post("/threads/:thread_id/runs/:run_id", { config: { permission: "runs:write" } }, async (request, reply) => {
    const input = parseModifyRun(request.params, request.body, request.headers["if-match"]);
    const run = await runService.modifyMetadata(input.thread_id, input.run_id, input.metadata, {
      actor: request.principal ? actorOf(request.principal) : ANONYMOUS_ACTOR,
      surface: "rest",
      expectedVersions: input.expectedVersions,
    });
    reply.header("etag", etagOf(run.version));
    return run;
  });
}
