import type { RunService } from "@runboard/api";
import type { FastifyInstance } from "fastify";
import { parseListRuns, parseModifyRun, parseRunRef } from "./input.ts";

interface ThreadParams {
  thread_id: string;
}

/**
 * OpenAI's run endpoints, as thin adapters over the run service. Any `OpenAI-Beta` header the SDK
 * sends is ignored: there is one version of these routes.
 */
export function registerRunRoutes(api: FastifyInstance, runService: RunService): void {
  api.get<{ Params: ThreadParams; Querystring: Record<string, unknown> }>("/threads/:thread_id/runs", async (request) =>
    runService.list(parseListRuns(request.params.thread_id, request.query)),
  );

  api.get("/threads/:thread_id/runs/:run_id", async (request) => {
    const ref = parseRunRef(request.params);
    return runService.get(ref.thread_id, ref.run_id);
  });

  api.post("/threads/:thread_id/runs/:run_id", async (request) => {
    const input = parseModifyRun(request.params, request.body);
    return runService.modifyMetadata(input.thread_id, input.run_id, input.metadata);
  });
}
