import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { E2E_AUTH_SECRET, E2E_DATABASE_URL } from "./env";

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../server");

/** Another Runboard app instance on the same database, as a second machine behind a balancer would be. */
export async function startSecondInstance(port: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(resolve(serverDir, "node_modules/.bin/tsx"), ["src/main.ts"], {
    cwd: serverDir,
    env: {
      ...process.env,
      DATABASE_URL: E2E_DATABASE_URL,
      PORT: String(port),
      NODE_ENV: "production",
      RUNBOARD_SEED_DEMO: "false",
      // The same secret as the first instance: the operator's session works on both.
      RUNBOARD_AUTH_SECRET: E2E_AUTH_SECRET,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("runboard: ready on")) ready();
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => fail(new Error(`second instance exited (${code}):\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
