import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const tsx = resolve(serverDir, "node_modules/.bin/tsx");

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves when the process prints its ready line; rejects if it exits first. */
  ready: Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `apps/server` as a user would (its own process, configured only through env). */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  let output = "";
  const child = spawn(tsx, ["src/main.ts"], {
    cwd: serverDir,
    // API tests run without the dashboard (no Next build needed); the browser tests start it.
    env: {
      ...process.env,
      DATABASE_URL: "",
      LOG_LEVEL: "info",
      RUNBOARD_DASHBOARD: "false",
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ready = new Promise<void>((resolveReady, rejectReady) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("runboard: ready on")) resolveReady();
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => rejectReady(new Error(`server exited with ${code} before it was ready:\n${output}`)));
  });
  ready.catch(() => {});
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    ready,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, "exit");
      child.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}
