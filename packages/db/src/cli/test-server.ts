// A throwaway embedded PostgreSQL for `npm test` when TEST_DATABASE_URL is unset: a new data folder
// in the system's temp folder, a free port, random passwords. It prints one JSON line on stdout,
// `{"url":"postgresql://postgres:…@127.0.0.1:PORT/postgres"}` (its superuser: the tests create and
// drop databases), then runs until its standard input closes or it gets SIGTERM/SIGINT/SIGHUP,
// when it stops PostgreSQL and deletes the data folder. Its parent (scripts/test-env.mjs) holds
// stdin open, so the server also goes when the parent dies. Logs go to stderr only.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmbeddedPostgres } from "../embedded.ts";

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

// stdout carries the one line with the address; everything said along the way goes to stderr.
console.log = (...args: unknown[]) => console.error(...args);

const folder = await mkdtemp(join(tmpdir(), "runboard-test-pg-"));
// Others may pass through (not list or read): as root, PostgreSQL runs as the postgres user.
await chmod(folder, 0o711);
const removeFolder = () => rm(folder, { recursive: true, force: true });
let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
try {
  server = await startEmbeddedPostgres({ dataDir: join(folder, "data"), port: await freePort(), database: "runboard" });
} catch (error) {
  await removeFolder();
  console.error(`runboard: the embedded PostgreSQL for the tests did not start: ${(error as Error).message}`);
  process.exit(1);
}

let stopping: Promise<void> | undefined;
function stop(): Promise<void> {
  stopping ??= (async () => {
    try {
      await server.stop();
    } finally {
      await removeFolder();
    }
    process.exit(0);
  })();
  return stopping;
}
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => void stop());
process.stdin.on("end", () => void stop());
process.stdin.on("close", () => void stop());
process.stdin.resume();

process.stdout.write(`${JSON.stringify({ url: server.superuserConnectionString })}\n`);
