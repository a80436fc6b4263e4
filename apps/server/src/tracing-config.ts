import { ConfigError } from "./config-error.ts";

// Read by main.ts before anything else loads (so it imports nothing that tracing instruments), and
// by readConfig, which lists it with every other setting.

export interface TracingConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's OTLP base URL (`/v1/traces` is appended). */
  endpoint: string;
  /** OTEL_SERVICE_NAME, `runboard` unless set. */
  serviceName: string;
}

const PROTOCOLS = ["http/protobuf", "http/json", "grpc"];

/**
 * Traces are exported when OTEL_EXPORTER_OTLP_ENDPOINT is set (and OTEL_SDK_DISABLED is not true);
 * the SDK itself reads the other standard OTEL_* variables (headers, protocol, sampler, batching).
 */
export function tracingConfig(env: NodeJS.ProcessEnv): TracingConfig | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!endpoint || env.OTEL_SDK_DISABLED?.toLowerCase() === "true") return undefined;
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol)) {
    throw new ConfigError(
      `OTEL_EXPORTER_OTLP_ENDPOINT must be the collector's http:// or https:// URL (such as http://127.0.0.1:4318), got '${endpoint}'`,
    );
  }
  for (const name of ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"]) {
    const value = env[name]?.trim();
    if (value && !PROTOCOLS.includes(value)) {
      throw new ConfigError(`${name} must be one of ${PROTOCOLS.join(", ")}, got '${value}'`);
    }
  }
  return { endpoint, serviceName: env.OTEL_SERVICE_NAME?.trim() || "runboard" };
}
