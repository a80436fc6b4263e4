import { register } from "node:module";
import type { TracingConfig } from "./tracing-config.ts";

/**
 * Starts OpenTelemetry's Node SDK: spans for every HTTP request (node:http, and Fastify's routes and
 * hooks as children), every tRPC procedure (packages/api's procedures start them through
 * @opentelemetry/api) and every SQL statement (pg), exported over OTLP to OTEL_EXPORTER_OTLP_ENDPOINT.
 *
 * Imported by main.ts only when that is set, and before anything it instruments is loaded: the
 * instrumentations patch modules as they are first required (CommonJS: fastify, pg) or imported
 * (ESM, through import-in-the-middle's loader hook, registered here for just the modules asked for).
 * Returns what flushes and stops it.
 */
export async function startTracing(config: TracingConfig): Promise<() => Promise<void>> {
  const { createAddHookMessageChannel } = await import("import-in-the-middle");
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register("import-in-the-middle/hook.mjs", import.meta.url, registerOptions);

  const [{ NodeSDK }, { HttpInstrumentation }, { PgInstrumentation }, { default: FastifyOtelInstrumentation }] =
    await Promise.all([
      import("@opentelemetry/sdk-node"),
      import("@opentelemetry/instrumentation-http"),
      import("@opentelemetry/instrumentation-pg"),
      import("@fastify/otel"),
    ]);
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    instrumentations: [
      new HttpInstrumentation(),
      // Every Fastify instance instruments itself when it is created: a span per request and its
      // handler, named by the route pattern; not one per hook (a dozen per request, named by source).
      new FastifyOtelInstrumentation({ registerOnInitialization: true, instrumentHooks: false }),
      // `requireParentSpan`: a statement is traced inside a request or a job, not the pool's own pings.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();
  return () => sdk.shutdown();
}
