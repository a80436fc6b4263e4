// Runboard's entry point (`pnpm start`, `pnpm dev`). OpenTelemetry patches modules as they load, so
// when traces are on (OTEL_EXPORTER_OTLP_ENDPOINT) its SDK starts before anything it instruments is
// imported: this file imports nothing of the server statically, and without the variable the SDK is
// never loaded at all.
import { ConfigError } from "./config-error.ts";
import { tracingConfig } from "./tracing-config.ts";

let stopTracing: (() => Promise<void>) | undefined;
try {
  const tracing = tracingConfig(process.env);
  if (tracing) stopTracing = await (await import("./tracing.ts")).startTracing(tracing);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`runboard: ${error.message}`);
  process.exit(1);
}
const { start } = await import("./start.ts");
start({ stopTracing });
