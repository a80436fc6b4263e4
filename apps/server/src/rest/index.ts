import { type Context, RunboardValidationError } from "@runboard/api";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { enforceRoutePermissions, type RestRouteEntry } from "./auth.ts";
import { notFoundBody, restErrorHandler } from "./errors.ts";
import { buildOpenAPIDocument } from "./openapi.ts";
import { registerOperationRoutes } from "./routes.ts";

export interface RestOptions {
  /** The operations' context for a request (its caller, the services; surface `rest`). */
  contextOf: (request: FastifyRequest) => Context;
  /** Filled with every route and the permission it declares (the auth tests enumerate it). */
  routes?: RestRouteEntry[];
}

/**
 * Parses JSON bodies for /v1 only. Unlike Fastify's default parser it keeps `__proto__` as an
 * ordinary key (the contract allows it as a metadata key; JSON.parse never touches prototypes),
 * names the syntax error, and leaves an empty body to the handler's "body is required".
 */
function parseJsonBody(_request: FastifyRequest, body: string, done: (error: Error | null, body?: unknown) => void) {
  if (body === "") return done(null, undefined);
  try {
    done(null, JSON.parse(body));
  } catch (error) {
    const msg = `the body is not valid JSON: ${(error as Error).message}`;
    done(new RunboardValidationError([{ loc: ["body"], msg, type: "invalid_json" }]));
  }
}

function notFound(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send(notFoundBody(request));
}

/** The OpenAI-compatible REST surface; register it with `prefix: "/v1"`. */
export const restApi: FastifyPluginAsync<RestOptions> = async (api, { contextOf, routes = [] }) => {
  api.addHook("onRoute", enforceRoutePermissions(routes));
  // Any other media type (text/plain included) becomes Fastify's 415, which the handler turns into a 422.
  api.removeAllContentTypeParsers();
  api.addContentTypeParser("application/json", { parseAs: "string" }, parseJsonBody);
  api.setErrorHandler(restErrorHandler);

  registerOperationRoutes(api, contextOf);

  const openapi = JSON.stringify(buildOpenAPIDocument());
  api.get("/openapi.json", async (_request, reply) => reply.type("application/json").send(openapi));

  // Claims every other /v1 path (before any catch-all such as the dashboard's) for OpenAI's 404.
  // It answers in onRequest so that an unknown URL is a 404 whatever body it was sent with.
  for (const url of ["/", "/*"]) {
    api.all(url, { onRequest: async (request, reply) => notFound(request, reply) }, notFound);
  }
};
