import {
  type AnyOperation,
  authorizeContext,
  type Context,
  etagOf,
  operationEntries,
  type RestBinding,
} from "@runboard/api";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { restInputParser } from "./input.ts";

/** `/threads/{thread_id}/runs` as Fastify writes it: `/threads/:thread_id/runs`. */
export function fastifyPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ":$1");
}

/**
 * A binding that names a path parameter its path lacks, or a field its input lacks, stops the
 * server from starting (the auth and REST tests build the app, so it never reaches a user).
 */
export function checkBinding(path: string, operation: AnyOperation, binding: RestBinding): void {
  const placeholders = [...binding.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
  const params = Object.keys(binding.params).sort();
  if (placeholders.join() !== params.join()) {
    throw new Error(
      `${path}: REST path ${binding.path} has ${placeholders.map((p) => `{${p}}`).join(", ")} but params name ${params.join(", ")}`,
    );
  }
  const fields = Object.keys((operation.input as { shape?: object } | undefined)?.shape ?? {});
  const named = [...params, ...Object.keys(binding.query ?? {}), ...Object.keys(binding.body?.schema.shape ?? {})];
  for (const name of named) {
    if (!fields.includes(name)) throw new Error(`${path}: REST binding names '${name}', which is not an input field`);
  }
}

/**
 * Every operation of the table that has a REST binding, at OpenAI's path, as a thin adapter: the
 * binding says where the input comes from; the operation's permission is checked before anything
 * else (see ./auth.ts). Any `OpenAI-Beta` header the SDK sends is ignored: there is one version.
 */
export function registerOperationRoutes(api: FastifyInstance, contextOf: (request: FastifyRequest) => Context): void {
  for (const { path, operation } of operationEntries()) {
    const binding = operation.rest;
    if (!binding) continue;
    checkBinding(path, operation, binding);
    const parseInput = restInputParser(operation, binding);
    api.route({
      method: binding.method,
      url: fastifyPath(binding.path),
      config: { permission: operation.permission },
      async handler(request, reply) {
        const { input, conditions } = parseInput(request);
        const ctx = authorizeContext(contextOf(request), operation.permission);
        const output = await operation.handler({ ctx, input, signal: undefined, conditions });
        // Retrieve and Modify answer with the run's ETag; Modify honours If-Match with it.
        const version = (output as { version?: unknown }).version;
        if (binding.etag && typeof version === "number") reply.header("etag", etagOf(version));
        return reply.code(binding.status ?? 200).send(output);
      },
    });
  }
}
