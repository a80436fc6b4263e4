import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bearer, createBenchApiKey } from "./api-key.ts";
import { benchDatabaseUrl, countBenchRuns, recreateBenchDatabase, serverUrl, withClient } from "./database.ts";
import { DEFAULT_DATASET } from "./dataset.ts";
import { type DatabaseMeter, openDatabaseMeter } from "./db-meter.ts";
import { loadDataset } from "./load.ts";
import { describeMachine } from "./machine.ts";
import { measure } from "./measure.ts";
import { checkParity } from "./parity.ts";
import { type Cell, type HttpResults, invalid, resultsMarkdown, resultsTable } from "./report.ts";
import { cellRequests, OPERATIONS, type Operation, type RunRef, type Surface, serves } from "./scenarios.ts";
import { type ServerProcess, startBareBaseline, startBaseline, startRunboard } from "./servers.ts";
import { checkBaselineSql } from "./sql-check.ts";
import { writeResults } from "./write-results.ts";

export interface HttpBenchOptions {
  runs: number;
  threads: number;
  /** Keep the loaded bench database instead of recreating it. */
  reuse: boolean;
  seconds: number;
  warmupSeconds: number;
  connections: number[];
  infoLogging: boolean;
  sampleSize: number;
  /** Run the Runboard server under `--cpu-prof`, writing its profile here. */
  profileDir: string | null;
  /** The operations to drive (all by default). */
  ops: Operation[];
  /** Runboard's surfaces to drive (tRPC and REST by default); the baseline always runs. */
  surfaces: Surface[];
  outDir: string;
}

const log = (line: string) => console.log(line);
const isBaseline = (surface: Surface) => surface === "baseline" || surface === "bare";

async function prepareDatabase(options: HttpBenchOptions): Promise<{ url: string; runs: number; threads: number }> {
  const server = serverUrl();
  if (options.reuse) {
    const runs = await countBenchRuns(server);
    if (!runs) throw new Error("--reuse: the bench database has no runs; run without --reuse first");
    const url = benchDatabaseUrl(server);
    const threads = await withClient(url, async (c) =>
      Number((await c.query("SELECT count(*) AS n FROM threads")).rows[0].n),
    );
    return { url, runs, threads };
  }
  log(`loading ${options.runs.toLocaleString("en-US")} runs over ${options.threads.toLocaleString("en-US")} threads`);
  const url = await recreateBenchDatabase(server);
  const spec = { ...DEFAULT_DATASET, runs: options.runs, threads: options.threads };
  const timings = await loadDataset(url, spec, { batchSize: 5_000, rebuildIndexes: true });
  log(`loaded in ${timings.totalSeconds.toFixed(1)} s`);
  return { url, runs: options.runs, threads: options.threads };
}

async function sampleRuns(url: string, size: number): Promise<RunRef[]> {
  // Ids begin with random characters, so the first ids in id order are spread over the whole table.
  return withClient(url, async (client) => {
    const { rows } = await client.query<RunRef>("SELECT thread_id, id AS run_id FROM runs ORDER BY id LIMIT $1", [
      size,
    ]);
    return rows;
  });
}

interface Target {
  surface: Surface;
  server: ServerProcess;
}

function describe(cell: Cell): string {
  const flag = invalid(cell)
    ? `  INVALID: ${cell.non2xx} non-2xx ${JSON.stringify(cell.statusCodes ?? {})}, ${cell.errors} errors`
    : "";
  return (
    `  ${cell.op.padEnd(13)} ${cell.surface.padEnd(8)} c=${String(cell.connections).padStart(2)}  ${String(cell.rps).padStart(6)} req/s` +
    `  p50 ${cell.p50.toFixed(2)} ms  p99 ${cell.p99.toFixed(2)} ms  ${cell.cpuUsPerRequest ?? "?"} µs CPU/req` +
    `  db ${cell.dbCpuUsPerRequest ?? "?"} µs CPU/req  WAL ${cell.walBytesPerRequest ?? "?"} B/req (FPI ${cell.walFpiBytesPerRequest ?? "?"})${flag}`
  );
}

interface Load {
  sample: RunRef[];
  /** Measures the bench database's backends' CPU and WAL for each cell. */
  meter: DatabaseMeter;
  /** Sent to every server alike (the baseline ignores it), so requests are the same size. */
  authorization: string;
}

async function runCell(
  target: Target,
  op: Operation,
  connections: number,
  seconds: number,
  load: Load,
  logLevel: string,
): Promise<Cell> {
  const requests = cellRequests(target.surface, op, load.sample, load.authorization);
  const m = await measure(target.server.url, requests, connections, seconds, target.server.pid, load.meter);
  const cell: Cell = { surface: target.surface, op, logLevel, ...m };
  log(describe(cell));
  return cell;
}

async function warmUp(targets: Target[], ops: Operation[], load: Load, seconds: number): Promise<void> {
  if (seconds <= 0) return;
  for (const target of targets) {
    for (const op of ops) {
      if (!serves(target.surface, op)) continue;
      await measure(target.server.url, cellRequests(target.surface, op, load.sample, load.authorization), 8, seconds);
    }
  }
}

/** `pnpm bench`: the Runboard server and the baseline, cell by cell, side by side. */
export async function runHttpBench(options: HttpBenchOptions): Promise<HttpResults> {
  const db = await prepareDatabase(options);
  const sample = await sampleRuns(db.url, options.sampleSize);
  const load: Load = {
    sample,
    authorization: bearer(await createBenchApiKey(db.url)),
    meter: await openDatabaseMeter(db.url),
  };
  const machine = await describeMachine(db.url);
  await checkBaselineSql(db.url, sample[0] as RunRef);
  log("sql: the baseline's statements match the run service's");
  const logs = await mkdtemp(join(tmpdir(), "runboard-bench-"));
  const nodeArgs = options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [];
  const servers: ServerProcess[] = [];
  const cells: Cell[] = [];
  const infoLogging: Cell[] = [];
  try {
    const baseline = await startBaseline({ databaseUrl: db.url, logFile: join(logs, "baseline.log") });
    servers.push(baseline);
    const bare = await startBareBaseline({ databaseUrl: db.url, logFile: join(logs, "bare.log") });
    servers.push(bare);
    let runboard = await startRunboard({
      databaseUrl: db.url,
      logFile: join(logs, "runboard.log"),
      logLevel: "warn",
      nodeArgs,
    });
    servers.push(runboard);
    log(
      `servers: runboard ${runboard.url} (pid ${runboard.pid}), baseline ${baseline.url} (pid ${baseline.pid}); logs in ${logs}`,
    );
    const targetsFor = (rb: ServerProcess): Target[] => [
      { surface: "baseline", server: baseline },
      { surface: "bare", server: bare },
      ...options.surfaces.map((surface) => ({ surface, server: rb })),
    ];
    await checkParity(
      targetsFor(runboard).map((t) => ({
        surface: t.surface,
        url: t.server.url,
        ops: OPERATIONS.filter((op) => serves(t.surface, op)),
      })),
      sample[0] as RunRef,
      load.authorization,
    );
    log("parity: every Runboard surface answers like the baseline");
    await warmUp(targetsFor(runboard), options.ops, load, options.warmupSeconds);

    for (const op of options.ops) {
      for (const connections of options.connections) {
        for (const target of targetsFor(runboard)) {
          if (!serves(target.surface, op)) continue;
          cells.push(
            await runCell(target, op, connections, options.seconds, load, isBaseline(target.surface) ? "-" : "warn"),
          );
        }
      }
    }

    if (options.infoLogging) {
      await runboard.stop();
      runboard = await startRunboard({
        databaseUrl: db.url,
        logFile: join(logs, "runboard-info.log"),
        logLevel: "info",
      });
      servers.push(runboard);
      log("LOG_LEVEL=info:");
      // Issue 16's targets are at LOG_LEVEL=info, at 8 and 32 connections.
      const levels = [...new Set([...options.connections.filter((c) => c >= 8), Math.max(...options.connections)])];
      const info = targetsFor(runboard).filter((t) => !isBaseline(t.surface));
      await warmUp(info, options.ops, load, Math.min(1, options.warmupSeconds));
      for (const op of options.ops) {
        for (const connections of levels) {
          for (const target of info) {
            if (!serves(target.surface, op)) continue;
            infoLogging.push(await runCell(target, op, connections, options.seconds, load, "info"));
          }
        }
      }
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await load.meter.close();
  }
  // The servers' logs are kept (and named) only when something failed.
  await rm(logs, { recursive: true, force: true });

  const results: HttpResults = {
    machine,
    dataset: { runs: db.runs, threads: db.threads },
    secondsPerCell: options.seconds,
    cells,
    infoLogging,
  };
  await writeResults(options.outDir, {
    "results.json": `${JSON.stringify(results, null, 2)}\n`,
    "results.md": resultsMarkdown(results),
  });
  log(`\n${resultsTable(cells)}\n\nwritten: ${join(options.outDir, "results.md")}, results.json`);
  return results;
}
