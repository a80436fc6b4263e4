import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { ImportedRun } from "@runboard/api";
import { createRunService, notifyingChangeSink } from "@runboard/api";
import { testAccounts } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type ServerProcess, startServer } from "./server-process.ts";

// @runboard/client as a service outside this monorepo gets it: `pnpm pack` makes the tarball, npm
// installs it (with its one dependency, from the npm registry) into a project in the system's temp
// folder, tsc typechecks a consumer script against the package's bundled declarations, and node
// runs the compiled script against a live server.
const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
const clientDir = resolve(root, "packages/client");
const THREAD = "thread_tarball";

/** The workspace's pinned version of a package (pnpm-workspace.yaml's catalog). */
function catalogVersion(name: string): string {
  const line = readFileSync(resolve(root, "pnpm-workspace.yaml"), "utf8")
    .split("\n")
    .find((l) => l.trim().replace(/"/g, "").startsWith(`${name}:`));
  if (!line) throw new Error(`${name} is not in the catalog`);
  return line.split(":").at(-1)?.trim() ?? "";
}

let db: TestDatabase;
let prisma: PrismaClient;
let server: ServerProcess;
let apiKey: string;
let project: string;

function fixture(i: number, status: ImportedRun["status"]): ImportedRun {
  return {
    id: `run_tarball_${i}`,
    object: "thread.run",
    created_at: 1_767_225_600 + i,
    thread_id: THREAD,
    assistant_id: "asst_tarball",
    status,
    required_action: null,
    last_error: status === "failed" ? { code: "server_error", message: "boom" } : null,
    expires_at: null,
    started_at: 1_767_225_601 + i,
    cancelled_at: null,
    failed_at: status === "failed" ? 1_767_225_605 + i : null,
    completed_at: status === "completed" ? 1_767_225_605 + i : null,
    model: "gpt-4o",
    instructions: "",
    tools: [],
    file_ids: [],
    metadata: { source: "fixture" },
  };
}

// skipLibCheck as most projects set it: @trpc/server's own declarations name `ws`'s types, which
// are not installed. The package's declarations are checked on their own below.
const tsconfig = (file: string, skipLibCheck = true) =>
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck,
      types: ["node"],
      outDir: "out",
    },
    files: [file],
  });

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
  await createRunService({ prisma, changes: notifyingChangeSink(prisma) }).importRuns([
    fixture(1, "completed"),
    fixture(2, "failed"),
  ]);
  apiKey = (await testAccounts(prisma).key("read_write", "tarball")).key;
  server = await startServer({ DATABASE_URL: db.url, RUNBOARD_SEED_DEMO: "false" });

  project = await mkdtemp(join(tmpdir(), "runboard-client-consumer-"));
  // `pnpm pack` builds first (prepack: tsdown) and writes <project>/runboard-client-<version>.tgz.
  await run("pnpm", ["pack", "--pack-destination", project], { cwd: clientDir });
  const tarball = readdirSync(project).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`pnpm pack wrote no tarball into ${project}`);
  await writeFile(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  await run(
    "npm",
    [
      "install",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      `./${tarball}`,
      `typescript@${catalogVersion("typescript")}`,
      `@types/node@${catalogVersion("@types/node")}`,
    ],
    { cwd: project },
  );
  await server.ready;
}, 300_000);

afterAll(async () => {
  await server?.stop();
  await prisma?.$disconnect();
  await db?.drop();
  if (project) await rm(project, { recursive: true, force: true });
});

it("installs with @trpc/client as its only dependency and no Runboard source or zod", async () => {
  const installed = JSON.parse(await readFile(join(project, "node_modules/@runboard/client/package.json"), "utf8"));
  expect(installed.dependencies).toEqual({ "@trpc/client": catalogVersion("@trpc/client") });
  expect(installed.peerDependencies).toEqual({ "@trpc/server": catalogVersion("@trpc/server") });
  expect(readdirSync(join(project, "node_modules/@runboard"))).toEqual(["client"]);
  expect(existsSync(join(project, "node_modules/zod"))).toBe(false);
  const files = readdirSync(join(project, "node_modules/@runboard/client/dist")).sort();
  expect(files).toEqual(["index.d.ts", "index.js", "index.js.map"]);
});

it("typechecks a consumer script, refuses a wrong input field, and runs it against a live server", async () => {
  await copyFile(resolve(clientDir, "test/list-and-tag.ts"), join(project, "consumer.ts"));
  await writeFile(join(project, "tsconfig.json"), tsconfig("consumer.ts"));
  await run(join(project, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], { cwd: project });
  // The bundled declarations themselves are valid TypeScript (whatever tRPC's own files say).
  await writeFile(join(project, "tsconfig.libcheck.json"), tsconfig("consumer.ts", false));
  const libCheck = await run(join(project, "node_modules/.bin/tsc"), ["-p", "tsconfig.libcheck.json", "--noEmit"], {
    cwd: project,
  }).then(
    () => "",
    (error: { stdout: string }) => error.stdout,
  );
  expect(libCheck.split("\n").filter((line) => !line.startsWith("node_modules/@trpc/") && line.trim())).toEqual([]);

  // The same call with a misspelt field must not compile: the types are the router's, not `any`.
  await writeFile(
    join(project, "wrong.ts"),
    [
      'import { createRunboardClient } from "@runboard/client";',
      'const client = createRunboardClient({ url: "http://127.0.0.1:1" });',
      'await client.run.get.query({ thread_id: "thread_a", run_idd: "run_a" });',
      "",
    ].join("\n"),
  );
  await writeFile(join(project, "tsconfig.wrong.json"), tsconfig("wrong.ts"));
  const wrong = await run(join(project, "node_modules/.bin/tsc"), ["-p", "tsconfig.wrong.json", "--noEmit"], {
    cwd: project,
  }).then(
    () => null,
    (error: { stdout: string }) => error.stdout,
  );
  expect(wrong).toContain(
    "wrong.ts(3,53): error TS2561: Object literal may only specify known properties, but 'run_idd' does not exist " +
      "in type '{ thread_id: string; run_id: string; }'. Did you mean to write 'run_id'?",
  );

  const { stdout } = await run(process.execPath, [join(project, "out/consumer.js")], {
    cwd: project,
    env: { ...process.env, RUNBOARD_URL: server.url, THREAD_ID: THREAD, RUNBOARD_API_KEY: apiKey },
  });
  expect(JSON.parse(stdout)).toEqual({
    listed: ["run_tarball_1", "run_tarball_2"],
    tagged: {
      id: "run_tarball_2",
      metadata: { source: "fixture", triage: "needs-review", reviewer: "client-process" },
    },
    rejected: [
      {
        loc: ["body", "metadata", "k16"],
        msg: "metadata can have at most 16 keys; 'k16' would be key 17",
        type: "object_above_max_properties",
      },
    ],
    missing: true,
    authorizations: [true],
  });
  const stored = await prisma.run.findUniqueOrThrow({ where: { id: "run_tarball_2" } });
  expect(stored.metadata).toEqual({ source: "fixture", triage: "needs-review", reviewer: "client-process" });
});
