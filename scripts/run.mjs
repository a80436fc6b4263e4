#!/usr/bin/env node
// `npm start` and `npm test` on a machine that has only Node.js: this script brings pnpm (the
// pinned version, through npx when it is not installed), installs the workspace, then starts
// the server or runs every check. Plain Node on purpose: nothing is installed yet when it runs.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureChromium, MissingPrerequisiteError, startTestDatabase } from "./test-env.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pnpmVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env, ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function must(step, command, args, extraEnv = {}) {
  console.log(`\n▶ ${step}`);
  const status = run(command, args, { env: { ...env, ...extraEnv } });
  if (status !== 0) {
    console.error(`\n✖ ${step} failed (exit ${status})`);
    process.exit(status);
  }
}

/**
 * Runs the server for as long as this script runs. It gets a process group of its own, and a
 * signal sent to this script (Ctrl-C, npm's SIGTERM, a service manager's) is passed to that whole
 * group, so the server drains and stops its PostgreSQL however deep pnpm, turbo and tsx nest it.
 */
function serve(step, command, args) {
  console.log(`\n▶ ${step}`);
  const child = spawn(command, args, { cwd: root, stdio: "inherit", env, detached: true });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    });
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

function pnpm() {
  const installed = spawnSync("pnpm", ["--version"], { encoding: "utf8", env });
  if (installed.status === 0 && installed.stdout.trim() === pnpmVersion) return ["pnpm", []];
  return ["npx", ["--yes", `pnpm@${pnpmVersion}`]];
}

const [pnpmCmd, pnpmPrefix] = pnpm();
const withPnpm = (...args) => [pnpmCmd, [...pnpmPrefix, ...args]];

function install() {
  must("install dependencies", ...withPnpm("install", "--frozen-lockfile"));
}

function summarize(reportPath, label) {
  if (!existsSync(reportPath)) return null;
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  return {
    label,
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: report.numPendingTests ?? 0,
  };
}

function summarizePlaywright(reportPath) {
  if (!existsSync(reportPath)) return null;
  const { stats } = JSON.parse(readFileSync(reportPath, "utf8"));
  return {
    label: "playwright",
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected,
    skipped: stats.skipped,
  };
}

/** Every test step against TEST_DATABASE_URL (in `env`); returns the exit status. */
function runTests() {
  // The drift check replays the migrations into a scratch database on the test server.
  must("migration drift check (prisma/migrations vs schema.prisma)", ...withPnpm("run", "db:drift"), {
    DATABASE_URL: env.TEST_DATABASE_URL,
  });
  const reports = join(root, "test-results");
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  console.log("\n▶ unit and integration tests (vitest, PostgreSQL)");
  const vitest = run(
    ...withPnpm(
      "exec",
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${join(reports, "vitest.json")}`,
    ),
  );
  must(
    "build (turbo run build: the dashboard, the server, the client)",
    ...withPnpm("exec", "turbo", "run", "build", "--output-logs=errors-only"),
  );
  console.log(`\n▶ browser tests (Playwright on ${env.CHROMIUM_PATH} against the real server)`);
  const playwright = run(...withPnpm("--filter", "@runboard/dashboard", "exec", "playwright", "test"));
  const results = [
    summarize(join(reports, "vitest.json"), "vitest"),
    summarizePlaywright(join(reports, "playwright.json")),
  ].filter(Boolean);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  for (const r of results) console.log(`${r.label}: ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  const ok = vitest === 0 && playwright === 0 && failed === 0 && passed > 0 && skipped === 0;
  return ok ? 0 : 1;
}

const command = process.argv[2];
if (command === "start") {
  install();
  serve("start Runboard", ...withPnpm("run", "serve"));
} else if (command === "test") {
  // Chromium first: a machine that lacks it and cannot install it learns so before anything runs.
  let chromium;
  try {
    chromium = ensureChromium(env);
  } catch (error) {
    if (!(error instanceof MissingPrerequisiteError)) throw error;
    console.error(`\n✖ ${error.message}`);
    process.exit(1);
  }
  env.CHROMIUM_PATH = chromium;
  install();
  must("lint and format check (biome)", ...withPnpm("exec", "biome", "check", "."));
  must("typecheck (tsc, every package)", ...withPnpm("exec", "turbo", "run", "typecheck", "--output-logs=errors-only"));
  // TEST_DATABASE_URL, or else an embedded PostgreSQL of the tests' own, stopped when this script ends.
  console.log(
    env.TEST_DATABASE_URL
      ? "\n▶ PostgreSQL: TEST_DATABASE_URL"
      : "\n▶ PostgreSQL: starting an embedded one for the tests",
  );
  const database = await startTestDatabase(env).catch((error) => {
    console.error(`\n✖ ${error.message}`);
    process.exit(1);
  });
  process.once("exit", () => {
    // A last resort (a step called process.exit): closing its stdin is what stops it.
    if (database.pid) {
      try {
        process.kill(database.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
    }
  });
  env.TEST_DATABASE_URL = database.url;
  const status = runTests();
  await database.stop();
  process.exit(status);
} else {
  console.error("usage: node scripts/run.mjs start|test");
  process.exit(2);
}
