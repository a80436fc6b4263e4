// Runboard's benchmark harness. From the repository root:
//   pnpm bench                    the HTTP benchmark: Runboard vs the bare baseline (docs/bench/results.md)
//   pnpm bench load --runs 1000000 --threads 10000    load the bench database (rb_bench)
//   pnpm bench list               run.list latency on the loaded database (docs/bench/list.md)
//   pnpm bench --profile-dir /tmp/prof …   the same, with the Runboard server under --cpu-prof
//   pnpm bench profile /tmp/prof/*.cpuprofile   where that profile spent its time
//   pnpm bench migrations         apply pending migrations to the loaded database, timing them under load
// In tooling/bench the same are `pnpm bench`, `pnpm bench:load -- …` and `pnpm bench:list -- …`.
import { resolve } from "node:path";
import { boolFlag, intFlag, intListFlag, parseFlags, UsageError } from "./args.ts";
import { recreateBenchDatabase } from "./database.ts";
import { DEFAULT_DATASET } from "./dataset.ts";
import { runHttpBench } from "./http-bench.ts";
import { runListBench } from "./list-bench.ts";
import { loadDataset } from "./load.ts";
import { runMigrationTiming } from "./migration-timing.ts";
import { printProfile } from "./profile-summary.ts";
import { OPERATIONS, type Operation, type Surface } from "./scenarios.ts";

const OUT_DIR = resolve(import.meta.dirname, "../../../docs/bench");
const MAX_RUNS = 20_000_000;
/** Paths on the command line are relative to where the user ran pnpm (it runs scripts in tooling/bench). */
const userPath = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path);

async function load(argv: string[]) {
  const flags = parseFlags(argv, ["runs", "threads", "batch", "rebuild-indexes"]);
  const runs = intFlag(flags, "runs", 1_000_000, 1, MAX_RUNS);
  const threads = intFlag(flags, "threads", Math.max(1, Math.round(runs / 100)), 1, runs);
  const spec = { ...DEFAULT_DATASET, runs, threads };
  console.log(
    `loading ${runs.toLocaleString("en-US")} runs over ${threads.toLocaleString("en-US")} threads into rb_bench`,
  );
  const started = process.hrtime.bigint();
  const url = await recreateBenchDatabase();
  const migrated = Number(process.hrtime.bigint() - started) / 1e9;
  const timings = await loadDataset(url, spec, {
    batchSize: intFlag(flags, "batch", 5_000, 1, 50_000),
    rebuildIndexes: boolFlag(flags, "rebuild-indexes", true),
    log: console.log,
  });
  console.log(
    `loaded ${runs.toLocaleString("en-US")} runs in ${timings.totalSeconds.toFixed(1)} s ` +
      `(${Math.round(timings.runsPerSecond).toLocaleString("en-US")} runs/s): inserts ${timings.insertSeconds.toFixed(1)} s, ` +
      `indexes ${timings.indexSeconds.toFixed(1)} s, vacuum/analyze ${timings.analyzeSeconds.toFixed(1)} s ` +
      `(+ ${migrated.toFixed(1)} s to create and migrate the database)`,
  );
}

async function http(argv: string[]) {
  const flags = parseFlags(argv, [
    "runs",
    "threads",
    "reuse",
    "duration",
    "warmup",
    "connections",
    "info-logging",
    "sample",
    "profile-dir",
    "ops",
    "surfaces",
    "out-dir",
  ]);
  const ops = (flags.get("ops")?.split(",") ?? [...OPERATIONS]) as Operation[];
  const unknown = ops.filter((op) => !OPERATIONS.includes(op));
  if (unknown.length > 0) throw new UsageError(`unknown --ops ${unknown.join(",")}; known: ${OPERATIONS.join(",")}`);
  const surfaces = (flags.get("surfaces")?.split(",") ?? ["trpc", "rest"]) as Surface[];
  if (surfaces.some((s) => s !== "trpc" && s !== "rest")) throw new UsageError("--surfaces takes trpc, rest or both");
  const runs = intFlag(flags, "runs", 100_000, 1_000, MAX_RUNS);
  const results = await runHttpBench({
    runs,
    threads: intFlag(flags, "threads", Math.max(1, Math.round(runs / 100)), 1, runs),
    reuse: boolFlag(flags, "reuse", false),
    seconds: intFlag(flags, "duration", 5, 1, 120),
    warmupSeconds: intFlag(flags, "warmup", 2, 0, 60),
    connections: intListFlag(flags, "connections", [1, 8, 32], 1, 256),
    infoLogging: boolFlag(flags, "info-logging", true),
    sampleSize: intFlag(flags, "sample", 10_000, 1, 1_000_000),
    profileDir: flags.get("profile-dir") ? userPath(flags.get("profile-dir") as string) : null,
    ops,
    surfaces,
    outDir: flags.get("out-dir") ? userPath(flags.get("out-dir") as string) : OUT_DIR,
  });
  const broken = [...results.cells, ...results.infoLogging].filter((c) => c.non2xx + c.errors + c.timeouts > 0);
  if (broken.length > 0) {
    console.error(`${broken.length} cells had non-2xx responses or errors: this benchmark is invalid`);
    process.exitCode = 1;
  }
}

async function list(argv: string[]) {
  const flags = parseFlags(argv, ["requests", "page", "limit", "out-dir"]);
  await runListBench({
    requests: intFlag(flags, "requests", 200, 10, 10_000),
    page: intFlag(flags, "page", 1_000, 2, 100_000),
    limit: intFlag(flags, "limit", 20, 1, 100),
    outDir: flags.get("out-dir") ? userPath(flags.get("out-dir") as string) : OUT_DIR,
  });
}

async function profile(argv: string[]) {
  const files = argv.filter((a) => a !== "--");
  if (files.length === 0) throw new UsageError("profile needs a .cpuprofile file (see --profile-dir)");
  for (const file of files) await printProfile(userPath(file));
}

async function migrations() {
  await runMigrationTiming();
}

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = { http, load, list, migrations, profile };

async function main() {
  const [first, ...rest] = process.argv.slice(2);
  const command = first && !first.startsWith("-") ? first : "http";
  const run = COMMANDS[command];
  if (!run) throw new UsageError(`unknown command '${command}'; use http (default), load, list, migrations or profile`);
  await run(command === first ? rest : process.argv.slice(2));
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? `bench: ${error.message}` : error);
  process.exit(1);
});
