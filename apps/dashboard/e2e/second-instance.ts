import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { E2E_AUTH_SECRET, E2E_DATABASE_URL } from "./env";

export const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../server");

/** What `pnpm start` runs in apps/server: plain node on the compiled server, source maps on. */
export const productionServer = {
  command: process.execPath,
  args: ["--enable-source-maps", "--conditions=runboard-compiled", "dist/main.js"],
  entry: resolve(serverDir, "dist/main.js"),
};

/** A port nothing listens on now, picked by the OS. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Another Runboard app instance on the same database (on a free port), as a second machine behind a balancer would be. */
export async function startSecondInstance(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(productionServer.command, productionServer.args, {
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
