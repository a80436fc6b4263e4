import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateRuns, toJsonl } from "@runboard/api/testing/run-fixtures";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePort, type ServerProcess, startServer } from "../../server/test/server-process.ts";
import { runCli } from "./run-cli.ts";

// Without DATABASE_URL the CLI works on the server's embedded PostgreSQL: it starts it when no
// server runs (and stops it afterwards), and joins the server's while one does.
let root: string;
let env: Record<string, string>;
let server: ServerProcess | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "runboard-cli-embedded-"));
  await chmod(root, 0o755); // as root, PostgreSQL runs as `postgres`, which must enter the folder
  env = { RUNBOARD_DATA_DIR: join(root, "pg"), RUNBOARD_EMBEDDED_PG_PORT: String(await freePort()) };
});

afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ port: Number(port), host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.end();
      done(true);
    });
    socket.once("error", () => done(false));
  });
}

it("starts the embedded PostgreSQL itself when no server runs, and stops it afterwards", async () => {
  const file = join(root, "runs.jsonl");
  await writeFile(file, toJsonl(generateRuns(20, { seed: 21 })));
  const result = await runCli(["import", file], env);
  expect(result.stderr).toContain(`runboard: starting the embedded PostgreSQL (data in ${env.RUNBOARD_DATA_DIR}`);
  expect(result.stdout).toContain("imported 20 runs");
  expect(result.code).toBe(0);
  expect(await listening(Number(env.RUNBOARD_EMBEDDED_PG_PORT))).toBe(false);
});

it("joins the embedded PostgreSQL of a running server instead of starting a second one", async () => {
  server = await startServer(env);
  await server.ready;
  const result = await runCli(["export"], env);
  expect(result.code).toBe(0);
  expect(result.stderr).not.toContain("starting the embedded PostgreSQL");
  // Exactly the imported runs: the server saw a store with runs and seeded no demo data.
  const exported = result.stdout.trimEnd().split("\n");
  expect(exported.map((line) => JSON.parse(line))).toEqual(generateRuns(20, { seed: 21 }));
  // The server's database is still up after the command has gone.
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  expect(await server.stop()).toBe(0);
});
