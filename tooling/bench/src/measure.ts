import autocannon from "autocannon";
import { processCpuMs } from "./cpu.ts";
import type { DatabaseMeter } from "./db-meter.ts";

export interface Measurement {
  connections: number;
  seconds: number;
  requests: number;
  /** Successful responses per second. */
  rps: number;
  /** Latency percentiles in ms over all responses (autocannon's own histogram keeps whole ms only). */
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Server CPU (user + system) per response, in µs, when the server's pid was given (Linux). */
  cpuUsPerRequest?: number;
  /** CPU of the bench database's PostgreSQL backends per response, in µs (./db-meter.ts). */
  dbCpuUsPerRequest?: number;
  /** WAL written for the bench database per response, in bytes (./db-meter.ts). */
  walBytesPerRequest?: number;
  /** Of which full-page images (they depend on the time since the last checkpoint). */
  walFpiBytesPerRequest?: number;
  /** Responses by status code, when any was not a 2xx. */
  statusCodes?: Record<string, number>;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Drives `url` with autocannon for `seconds` at `connections` and times every response. */
export async function measure(
  url: string,
  requests: autocannon.Request[],
  connections: number,
  seconds: number,
  serverPid?: number,
  meter?: DatabaseMeter,
): Promise<Measurement> {
  const mark = meter ? await meter.start() : null;
  const cpuBefore = serverPid ? processCpuMs(serverPid) : null;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: seconds, requests, timeout: 10 }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    });
  });
  const cpuAfter = serverPid ? processCpuMs(serverPid) : null;
  const db = meter && mark ? await meter.stop(mark) : null;
  const perResponse = (total: number | null | undefined, scale: number) =>
    total === null || total === undefined || latencies.length === 0
      ? undefined
      : Math.round((total * scale) / latencies.length);
  const dbCpuUsPerRequest = perResponse(db?.cpuMs, 1000);
  const walBytesPerRequest = perResponse(db?.walBytes, 1);
  const walFpiBytesPerRequest = perResponse(db?.walFpiBytes, 1);
  const sorted = Float64Array.from(latencies).sort();
  const ok = result["2xx"];
  return {
    connections,
    seconds: round(result.duration, 2),
    requests: latencies.length,
    rps: Math.round(ok / result.duration),
    p50: round(percentile(sorted, 50), 2),
    p99: round(percentile(sorted, 99), 2),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ...(cpuBefore !== null && cpuAfter !== null && latencies.length > 0
      ? { cpuUsPerRequest: Math.round(((cpuAfter - cpuBefore) * 1000) / latencies.length) }
      : {}),
    ...(dbCpuUsPerRequest !== undefined ? { dbCpuUsPerRequest } : {}),
    ...(walBytesPerRequest !== undefined ? { walBytesPerRequest } : {}),
    ...(walFpiBytesPerRequest !== undefined ? { walFpiBytesPerRequest } : {}),
    ...(result.non2xx > 0 ? { statusCodes } : {}),
  };
}
