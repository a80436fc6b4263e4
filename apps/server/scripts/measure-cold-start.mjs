// Cold start of the production server: the time from spawning the process to its
// "runboard: ready on" line (Fastify, the Next.js dashboard, the database pool, the live-updates
// listener; migrations already applied). Plain Node, so it measures any build the same way.
//
//   node apps/server/scripts/measure-cold-start.mjs [compiled|tsx] [runs]
//
// `compiled` (the default) runs what `pnpm start` runs (node on dist/, after `pnpm build`);
// `tsx` runs src/main.ts through tsx, as production did before the server was compiled. The
// database is `rb_cold_start` on TEST_DATABASE_URL's server (default the local PostgreSQL),
// recreated and migrated by one untimed start first.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const serverDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const mode = process.argv[2] ?? "compiled";
const runs = Number(process.argv[3] ?? 7);
const commands = {
  compiled: ["node", ["--enable-source-maps", "--conditions=runboard-compiled", "dist/main.js"]],
  tsx: [resolve(serverDir, "node_modules/.bin/tsx"), ["src/main.ts"]],
};
if (!commands[mode]) throw new Error(`mode must be compiled or tsx, not ${mode}`);

const base = new URL(process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
const admin = new pg.Client({ connectionString: base.toString() });
await admin.connect();
await admin.query("DROP DATABASE IF EXISTS rb_cold_start WITH (FORCE)");
await admin.query("CREATE DATABASE rb_cold_start");
await admin.end();
const databaseUrl = new URL(base);
databaseUrl.pathname = "/rb_cold_start";

function freePort() {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

async function start() {
  const [command, args] = commands[mode];
  const started = process.hrtime.bigint();
  const child = spawn(command, args, {
    cwd: serverDir,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl.toString(),
      PORT: String(await freePort()),
      RUNBOARD_AUTH_SECRET: "x".repeat(40),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ms = await new Promise((done, fail) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.includes("runboard: ready on")) done(Number(process.hrtime.bigint() - started) / 1e6);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => fail(new Error(`exited ${code} before it was ready:\n${output}`)));
  });
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
  return ms;
}

await start(); // migrates the new database; not timed
const times = [];
for (let i = 0; i < runs; i++) times.push(await start());
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(
  `${mode}: cold start to "ready" in ${Math.round(median)} ms (median of ${runs}; ` +
    `min ${Math.round(times[0])}, max ${Math.round(times.at(-1))})`,
);
