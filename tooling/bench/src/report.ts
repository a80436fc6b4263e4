import type { Machine } from "./machine.ts";
import { machineLine } from "./machine.ts";
import type { Measurement } from "./measure.ts";
import type { Operation, Surface } from "./scenarios.ts";

export interface Cell extends Measurement {
  surface: Surface;
  op: Operation;
  logLevel: string;
}

export interface HttpResults {
  machine: Machine;
  dataset: { runs: number; threads: number };
  secondsPerCell: number;
  cells: Cell[];
  /** Runboard cells repeated with LOG_LEVEL=info (one log line per request). */
  infoLogging: Cell[];
}

interface Target {
  ratio: number;
  p99: number;
}

/** Issue 6's targets, which apply at 8 and 32 connections. */
export function targetFor(surface: Surface, op: Operation, connections: number): Target | null {
  if (connections < 8 || surface === "baseline" || surface === "bare") return null;
  const write = op === "modify";
  if (surface === "rest") return { ratio: write ? 0.8 : 0.6, p99: 15 };
  return { ratio: write ? 0.6 : 0.4, p99: 20 };
}

export const baselineOf = (cells: readonly Cell[], cell: Cell) =>
  cells.find((c) => c.surface === "baseline" && c.op === cell.op && c.connections === cell.connections);

export function ratioOf(cells: readonly Cell[], cell: Cell): number | null {
  const base = baselineOf(cells, cell);
  return base && base.rps > 0 ? cell.rps / base.rps : null;
}

export const invalid = (c: Measurement) => c.non2xx > 0 || c.errors > 0 || c.timeouts > 0;

const pct = (ratio: number | null) => (ratio === null ? "–" : `${Math.round(ratio * 100)} %`);
const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1);
const SURFACE: Record<Surface, string> = { trpc: "tRPC", rest: "REST", baseline: "baseline", bare: "bare" };
const num = (value: number | undefined) => (value === undefined ? "–" : String(value));

/** Issue 16's targets for Modify Run, at 8 and 32 connections (p99 at 32 only). */
export const MODIFY_TARGETS = { rps: 2000, dbCpuUs: 400, p99At32: 25, ofBare: 0.6 };

export const bareOf = (cells: readonly Cell[], cell: Cell) =>
  cells.find((c) => c.surface === "bare" && c.op === cell.op && c.connections === cell.connections);

function modifyVerdict(cells: readonly Cell[], cell: Cell): string {
  if (invalid(cell)) return `INVALID (${cell.non2xx} non-2xx, ${cell.errors} errors)`;
  // The targets are stated for LOG_LEVEL=info.
  if (cell.connections < 8 || cell.logLevel !== "info") return "";
  const bare = bareOf(cells, cell);
  const ofBare = bare && bare.rps > 0 ? cell.rps / bare.rps : 0;
  const misses = [
    ...(cell.rps < MODIFY_TARGETS.rps ? [`< ${MODIFY_TARGETS.rps} req/s`] : []),
    ...((cell.dbCpuUsPerRequest ?? Number.POSITIVE_INFINITY) > MODIFY_TARGETS.dbCpuUs
      ? [`DB CPU > ${MODIFY_TARGETS.dbCpuUs} µs`]
      : []),
    ...(cell.connections >= 32 && cell.p99 > MODIFY_TARGETS.p99At32 ? [`p99 > ${MODIFY_TARGETS.p99At32} ms`] : []),
    ...(ofBare < MODIFY_TARGETS.ofBare ? [`< ${MODIFY_TARGETS.ofBare * 100} % of bare`] : []),
  ];
  return misses.length === 0 ? "met" : `missed: ${misses.join(", ")}`;
}

/** Modify Run beside both baselines: the same SQL ("baseline") and the bare UPDATE ("bare"). */
export function modifyTable(cells: readonly Cell[], infoCells: readonly Cell[] = []): string {
  const lines = [
    "| surface | LOG_LEVEL | conns | req/s | p99 ms | CPU µs/req | DB CPU µs/req | WAL B/req | of which FPI | % of bare | target (issue 16) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const cell of [...cells, ...infoCells]) {
    if (cell.op !== "modify") continue;
    const bare = bareOf(cells, cell);
    const ofBare = cell.surface !== "bare" && bare && bare.rps > 0 ? cell.rps / bare.rps : null;
    const isRunboard = cell.surface === "trpc" || cell.surface === "rest";
    lines.push(
      `| ${SURFACE[cell.surface]} | ${cell.logLevel} | ${cell.connections} | ${cell.rps} | ${ms(cell.p99)} | ${num(cell.cpuUsPerRequest)} | ` +
        `${num(cell.dbCpuUsPerRequest)} | ${num(cell.walBytesPerRequest)} | ${num(cell.walFpiBytesPerRequest)} | ${pct(ofBare)} | ` +
        `${isRunboard ? modifyVerdict(cells, cell) : ""} |`,
    );
  }
  return lines.join("\n");
}

function verdict(cells: readonly Cell[], cell: Cell): string {
  if (invalid(cell)) return `INVALID (${cell.non2xx} non-2xx, ${cell.errors} errors)`;
  const target = targetFor(cell.surface, cell.op, cell.connections);
  if (!target) return "";
  const ratio = ratioOf(cells, cell) ?? 0;
  const misses = [
    ...(ratio < target.ratio ? [`ratio < ${target.ratio * 100} %`] : []),
    ...(cell.p99 > target.p99 ? [`p99 > ${target.p99} ms`] : []),
  ];
  return misses.length === 0 ? "met" : `missed: ${misses.join(", ")}`;
}

/** The results table: each Runboard cell beside the baseline's cell for the same operation and concurrency. */
export function resultsTable(cells: readonly Cell[]): string {
  const lines = [
    "| operation | surface | conns | req/s | p50 ms | p99 ms | CPU µs/req | DB CPU µs/req | WAL B/req | baseline req/s | baseline p99 ms | baseline CPU µs/req | baseline DB CPU µs/req | ratio | target |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const cell of cells) {
    if (cell.surface === "baseline" || cell.surface === "bare") continue;
    const base = baselineOf(cells, cell);
    lines.push(
      `| ${cell.op} | ${SURFACE[cell.surface]} | ${cell.connections} | ${cell.rps} | ${ms(cell.p50)} | ${ms(cell.p99)} | ` +
        `${num(cell.cpuUsPerRequest)} | ${num(cell.dbCpuUsPerRequest)} | ${num(cell.walBytesPerRequest)} | ` +
        `${base?.rps ?? "–"} | ${base ? ms(base.p99) : "–"} | ${num(base?.cpuUsPerRequest)} | ${num(base?.dbCpuUsPerRequest)} | ` +
        `${pct(ratioOf(cells, cell))} | ${verdict(cells, cell)} |`,
    );
  }
  return lines.join("\n");
}

function infoTable(results: HttpResults): string {
  const lines = [
    "| operation | surface | conns | req/s (info) | p99 ms (info) | CPU µs/req (info) | DB CPU µs/req (info) | WAL B/req (info) | req/s (warn) | CPU µs/req (warn) | CPU change |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const cell of results.infoLogging) {
    const warn = results.cells.find(
      (c) => c.surface === cell.surface && c.op === cell.op && c.connections === cell.connections,
    );
    const change =
      warn?.cpuUsPerRequest && cell.cpuUsPerRequest
        ? `${Math.round((cell.cpuUsPerRequest / warn.cpuUsPerRequest - 1) * 100)} %`
        : "–";
    lines.push(
      `| ${cell.op} | ${SURFACE[cell.surface]} | ${cell.connections} | ${cell.rps} | ${ms(cell.p99)} | ` +
        `${num(cell.cpuUsPerRequest)} | ${num(cell.dbCpuUsPerRequest)} | ${num(cell.walBytesPerRequest)} | ` +
        `${warn?.rps ?? "–"} | ${num(warn?.cpuUsPerRequest)} | ${change} |`,
    );
  }
  return lines.join("\n");
}

export function resultsMarkdown(results: HttpResults): string {
  const checked = results.cells.filter((c) => targetFor(c.surface, c.op, c.connections));
  const met = checked.filter((c) => verdict(results.cells, c) === "met").length;
  const errors = results.cells.filter(invalid);
  return [
    "# Runboard HTTP benchmark",
    "",
    `Measured ${machineLine(results.machine)}.`,
    "",
    `\`pnpm bench\`: ${results.dataset.runs.toLocaleString("en-US")} runs over ${results.dataset.threads.toLocaleString("en-US")} threads; ` +
      `the production server (\`RUNBOARD_DASHBOARD=false\`, \`LOG_LEVEL=warn\`) and the baseline (bare \`node:http\` + \`pg\`, ` +
      `the same SQL, see \`tooling/bench/src/baseline-server.ts\`) driven by autocannon on the same machine, ` +
      `${results.secondsPerCell} s per cell, requests spread round-robin over a sample of runs. ` +
      "The ratio is Runboard's throughput over the baseline's for the same operation at the same concurrency; " +
      "CPU µs/req is the server process's own CPU time (user + system) per response, from /proc — steadier than " +
      "throughput when the load generator and PostgreSQL share the same cores; DB CPU µs/req is the same for the " +
      "bench database's PostgreSQL backends, and WAL B/req the WAL written for the bench database per response " +
      '(pg_walinspect; see `tooling/bench/src/db-meter.ts`; "of which FPI" is the full-page images, which depend on ' +
      "how long ago the last checkpoint was), both counted for this database only, so other work on a " +
      "shared PostgreSQL server does not enter them; " +
      "targets (issue 6, at 8 and 32 connections): REST modify ≥ 80 %, reads ≥ 60 %, p99 ≤ 15 ms; " +
      "tRPC modify ≥ 60 %, reads ≥ 40 %, p99 ≤ 20 ms.",
    "",
    resultsTable(results.cells),
    "",
    `Targets met: ${met} of ${checked.length}.` +
      (errors.length > 0
        ? ` **${errors.length} cells had errors: those numbers are invalid.**`
        : " Every response was a 200."),
    "",
    "Modify Run beside the second baseline, **bare** (`BASELINE_MODE=bare`: the one `UPDATE` a service with none " +
      "of Runboard's guarantees would send — merge and delete only; no limit, no expected version, no audit revision, " +
      "no announcement): what the guarantees cost. Targets (issue 16, at 8 and 32 connections): ≥ 2,000 req/s, " +
      "DB CPU ≤ 400 µs per modify, p99 ≤ 25 ms at 32 connections, ≥ 60 % of bare.",
    "",
    modifyTable(results.cells, results.infoLogging),
    "",
    ...(results.infoLogging.length > 0
      ? ["With `LOG_LEVEL=info` (one JSON log line per request, written to a file):", "", infoTable(results), ""]
      : []),
  ].join("\n");
}
