import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const SERVER_DIR = resolve(here, "../../../apps/server");

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  databaseUrl: string;
  /** Where the child's stdout and stderr go. */
  logFile: string;
  /** Extra node flags, such as `--cpu-prof --cpu-prof-dir=…`. */
  nodeArgs?: string[];
  env?: Record<string, string>;
}

/** A free loopback port (the kernel picks it; it is released again before the child binds it). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once("exit", () => done());
  });
}

async function waitUntilReady(name: string, url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}; see ${logFile}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} was not ready within 60 s; see ${logFile}`);
}

async function start(name: string, script: string, cwd: string, options: StartOptions, env: Record<string, string>) {
  const port = await freePort();
  const log = openSync(options.logFile, "w");
  // `node --import tsx <script>` is what the `tsx <script>` of the package's start script runs.
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", script], {
    cwd,
    env: {
      ...process.env,
      ...env,
      ...options.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: options.databaseUrl,
    },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    name,
    url,
    pid: child.pid ?? -1,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited(child);
      clearTimeout(timer);
    },
  };
  try {
    await waitUntilReady(name, url, child, options.logFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** The real Runboard server (apps/server/src/main.ts), API only, in production mode. */
export function startRunboard(options: StartOptions & { logLevel: string }): Promise<ServerProcess> {
  return start("runboard", "src/main.ts", SERVER_DIR, options, {
    NODE_ENV: "production",
    RUNBOARD_DASHBOARD: "false",
    RUNBOARD_SEED_DEMO: "false",
    LOG_LEVEL: options.logLevel,
  });
}

/** The bare node:http + pg server running the same SQL (./baseline-server.ts). */
export function startBaseline(options: StartOptions): Promise<ServerProcess> {
  return start("baseline", "src/baseline-server.ts", resolve(here, ".."), options, { NODE_ENV: "production" });
}

/** The same server as the second baseline: Modify Run as one bare UPDATE, no guarantees (./baseline-server.ts). */
export function startBareBaseline(options: StartOptions): Promise<ServerProcess> {
  return start("bare", "src/baseline-server.ts", resolve(here, ".."), options, {
    NODE_ENV: "production",
    BASELINE_MODE: "bare",
  });
}
