import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppRouter } from "@runboard/api";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type ServerProcess, startServer } from "./server-process.ts";

// The README's first command in miniature: no DATABASE_URL, an empty data folder, and the server
// brings up its own PostgreSQL, migrates, seeds and serves the router over HTTP.
let root: string;
let pgPort: number;
let server: ServerProcess | undefined;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "runboard-embedded-"));
  // As root, PostgreSQL runs as `postgres`, which must be able to enter the folder.
  await chmod(root, 0o755);
  pgPort = await freePort();
});

afterAll(async () => {
  await server?.stop();
  await rm(root, { recursive: true, force: true });
});

/** Signs in as the demo admin the server printed at start, as the README's quick start says. */
async function signIn(url: string, output: string): Promise<string> {
  const login = /sign in as (\S+) with the password (\S+)/.exec(output);
  if (!login) throw new Error(`no demo login printed:\n${output}`);
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email: login[1], password: login[2] }),
  });
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

async function client(server: ServerProcess) {
  const cookie = await signIn(server.url, server.output());
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${server.url}/api/trpc`, headers: { cookie } })],
  });
}

function start() {
  return startServer({ RUNBOARD_DATA_DIR: join(root, "pg"), RUNBOARD_EMBEDDED_PG_PORT: String(pgPort) });
}

describe("embedded mode", () => {
  let threadId: string;
  let runId: string;

  it("starts from an empty folder: migrates, seeds and serves run.get / run.modify", async () => {
    expect(await readdir(root)).toEqual([]);
    server = await start();
    await server.ready;
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready" });
    // Nothing is readable without signing in; the demo admin's login is printed at start.
    expect((await fetch(`${server.url}/v1/threads/thread_x/runs`)).status).toBe(401);
    expect(server.output()).toContain("sign in as admin@runboard.local with the password runboard-demo");

    const trpc = await client(server);
    const page = await trpc.run.list.query({ limit: 100 });
    expect(page.data).toHaveLength(100);
    expect(page.has_more).toBe(true);
    const statuses = new Set<string>();
    let after: string | undefined;
    let total = 0;
    for (;;) {
      const p = await trpc.run.list.query({ limit: 100, after });
      total += p.data.length;
      for (const r of p.data) statuses.add(r.status);
      if (!p.has_more) break;
      after = p.last_id ?? undefined;
    }
    expect(total).toBe(500);
    expect(statuses.size).toBe(8);

    const first = page.data[0];
    if (!first) throw new Error("no runs");
    threadId = first.thread_id;
    runId = first.id;
    const run = await trpc.run.get.query({ thread_id: threadId, run_id: runId });
    expect(run).toEqual(first);

    const modified = await trpc.run.modify.mutate({
      thread_id: threadId,
      run_id: runId,
      metadata: { reviewed_by: "embedded-test", ticket: null },
    });
    expect(modified.metadata.reviewed_by).toBe("embedded-test");
    expect(modified.metadata).not.toHaveProperty("ticket");

    // Validation errors reach an HTTP client as 422 with the detail array.
    const error = await trpc.run.modify
      .mutate({ thread_id: threadId, run_id: runId, metadata: { ["k".repeat(65)]: "v" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data as { httpStatus: number; detail: unknown };
    expect(data.httpStatus).toBe(422);
    expect(data.detail).toEqual([
      expect.objectContaining({ loc: ["body", "metadata", "k".repeat(65)], type: "string_above_max_length" }),
    ]);

    expect(await server.stop("SIGTERM")).toBe(0);
    expect(server.output()).toContain("runboard: stopped");

    // One structured log line per request (read after exit, when all output is in).
    const lines = server
      .output()
      .split("\n")
      .filter((l) => l.startsWith("{") && l.includes('"msg":"request"'))
      .map((l) => JSON.parse(l) as { method: string; url: string; status: number });
    expect(lines).toContainEqual(expect.objectContaining({ method: "GET", url: "/readyz", status: 200 }));
    expect(lines).toContainEqual(expect.objectContaining({ method: "POST", url: "/api/trpc/run.modify", status: 422 }));
  });

  it("keeps the data across a restart and does not seed twice", async () => {
    server = await start();
    await server.ready;
    const trpc = await client(server);
    const run = await trpc.run.get.query({ thread_id: threadId, run_id: runId });
    expect(run.metadata.reviewed_by).toBe("embedded-test");
    let total = 0;
    let after: string | undefined;
    for (;;) {
      const p = await trpc.run.list.query({ limit: 100, after });
      total += p.data.length;
      if (!p.has_more) break;
      after = p.last_id ?? undefined;
    }
    expect(total).toBe(500);
    expect(server.output()).not.toContain("migrations applied");
    expect(await server.stop("SIGTERM")).toBe(0);
  });

  it("off loopback the published demo password stops working: a one-time password is printed instead", async () => {
    server = await startServer({
      RUNBOARD_DATA_DIR: join(root, "pg"),
      RUNBOARD_EMBEDDED_PG_PORT: String(pgPort),
      HOST: "0.0.0.0",
    });
    await server.ready;
    const signIn = (password: string) =>
      fetch(`${server?.url}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: server?.url as string },
        body: JSON.stringify({ email: "admin@runboard.local", password }),
      }).then((r) => r.status);
    expect(await signIn("runboard-demo")).toBe(401);
    const printed = /with the one-time password (\S+)/.exec(server.output());
    expect(printed, server.output()).not.toBeNull();
    expect(server.output()).not.toContain("password runboard-demo");
    expect(await signIn(printed?.[1] as string)).toBe(200);
    expect(await server.stop("SIGTERM")).toBe(0);

    // Back on loopback, the demo password is not advertised: the account no longer has it.
    server = await start();
    await server.ready;
    expect(server.output()).toContain("keeps the password printed at an earlier start");
    expect(server.output()).not.toContain("runboard-demo");
    expect(await server.stop("SIGTERM")).toBe(0);
  });

  it("says clearly when the embedded PostgreSQL's port is taken", async () => {
    const blocker = await startServer({
      RUNBOARD_DATA_DIR: join(root, "pg"),
      RUNBOARD_EMBEDDED_PG_PORT: String(pgPort),
    });
    await blocker.ready;
    server = await startServer({ RUNBOARD_DATA_DIR: join(root, "other"), RUNBOARD_EMBEDDED_PG_PORT: String(pgPort) });
    await expect(server.ready).rejects.toThrow(
      /Port \d+ on 127\.0\.0\.1 is already in use.*RUNBOARD_EMBEDDED_PG_PORT/s,
    );
    expect(server.child.exitCode).toBe(1);
    expect(await blocker.stop()).toBe(0);
  });

  it("says clearly when the data folder cannot be created", async () => {
    // A path under a regular file can never become a folder, even for root.
    server = await startServer({
      RUNBOARD_DATA_DIR: "/etc/hostname/runboard/pg",
      RUNBOARD_EMBEDDED_PG_PORT: String(pgPort),
    });
    await expect(server.ready).rejects.toThrow(
      /data folder \/etc\/hostname\/runboard is not writable.*RUNBOARD_DATA_DIR/s,
    );
    expect(server.child.exitCode).toBe(1);
  });
});
