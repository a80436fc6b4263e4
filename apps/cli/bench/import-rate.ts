// Import throughput on 100,000 generated runs, through the real CLI (a child process, as a user
// runs it) into a fresh database. Run manually, not in the test suite:
//   cd /work/main && apps/cli/node_modules/.bin/tsx apps/cli/bench/import-rate.ts [count]
// It prints the CLI's own summary, a wall-clock rate, and the rate of a second (unchanged) import.
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateRuns, toJsonl } from "@runboard/api/testing/run-fixtures";
import { createTestDatabase, prepareTemplateDatabase } from "@runboard/db/testing";

const count = Number(process.argv[2] ?? 100_000);
const bin = resolve(import.meta.dirname, "../bin/runboard.mjs");
const dir = await mkdtemp(join(tmpdir(), "runboard-bench-"));
const file = join(dir, "runs.jsonl");
const template = await prepareTemplateDatabase();
const db = await createTestDatabase(template);
try {
  const generated = Date.now();
  await writeFile(file, toJsonl(generateRuns(count, { seed: 42 })));
  console.log(`generated ${count} runs in ${Date.now() - generated} ms -> ${file}`);
  for (const pass of ["first import (all new)", "second import (all unchanged)"]) {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, "import", "--quiet", file], {
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: "utf8",
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`import failed (${result.status}):\n${result.stderr}`);
    console.log(`${pass}: ${result.stdout.trim()}`);
    console.log(`  wall clock incl. process start: ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} runs/s`);
  }
} finally {
  await db.drop();
  await rm(dir, { recursive: true, force: true });
}
