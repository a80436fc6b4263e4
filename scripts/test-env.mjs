// What `npm test` needs besides Node.js, found or made here (plain Node: scripts/run.mjs loads it
// before anything is installed):
// - Chromium for the browser tests: CHROMIUM_PATH, else Debian's /usr/bin/chromium; when it is
//   missing and this machine can install Debian's package (root, apt-get on PATH) it is installed,
//   otherwise one sentence says what to install.
// - A PostgreSQL server for the integration tests: TEST_DATABASE_URL when set, else an embedded
//   PostgreSQL (packages/db's, the one `npm start` uses) in a temporary folder on a free port,
//   stopped and deleted afterwards.
import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, statSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Where Debian's `chromium` package puts the browser. */
export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first `name` on this PATH, or null. */
export function onPath(name, path = process.env.PATH ?? "") {
  for (const dir of path.split(delimiter)) {
    if (dir && isExecutableFile(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Whether this process may install Debian's chromium package itself: root, with apt-get on PATH. */
export function canInstallChromium(env = process.env) {
  return process.getuid?.() === 0 && onPath("apt-get", env.PATH) !== null;
}

export class MissingPrerequisiteError extends Error {
  name = "MissingPrerequisiteError";
}

/**
 * The Chromium the browser tests run: CHROMIUM_PATH when set, else /usr/bin/chromium. A set
 * CHROMIUM_PATH that points nowhere counts as missing (an existing /usr/bin/chromium does not stand
 * in for it). A missing browser is installed from Debian's package where this machine can (it
 * lands at /usr/bin/chromium, which is then used, and said so); elsewhere this throws a
 * MissingPrerequisiteError whose message is one sentence saying what to install.
 */
export function ensureChromium(env = process.env, log = console.log) {
  const wanted = env.CHROMIUM_PATH || DEBIAN_CHROMIUM;
  if (isExecutableFile(wanted)) return wanted;
  const where = env.CHROMIUM_PATH ? `CHROMIUM_PATH (${wanted})` : wanted;
  if (!canInstallChromium(env)) {
    throw new MissingPrerequisiteError(
      `The browser tests need Chromium, which is not at ${where} and cannot be installed by this user: ` +
        "install it (on Debian or Ubuntu: `sudo apt-get install chromium`, which puts it at /usr/bin/chromium) " +
        "or set CHROMIUM_PATH to a Chromium or Chrome executable, then run npm test again.",
    );
  }
  log(`Chromium is not at ${where}: installing Debian's chromium package and using ${DEBIAN_CHROMIUM}`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "chromium"],
  ]) {
    const result = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env: aptEnv });
    if (result.status !== 0) {
      throw new MissingPrerequisiteError(
        `The browser tests need Chromium, and \`apt-get ${args.join(" ")}\` failed (exit ${result.status}): ` +
          "install Debian's chromium package by hand, or set CHROMIUM_PATH to a Chromium or Chrome executable.",
      );
    }
  }
  if (!isExecutableFile(DEBIAN_CHROMIUM)) {
    throw new MissingPrerequisiteError(
      `apt-get installed chromium but ${DEBIAN_CHROMIUM} is not there: set CHROMIUM_PATH to its executable.`,
    );
  }
  return DEBIAN_CHROMIUM;
}

/**
 * The PostgreSQL server the tests create their databases on: `{ url, embedded, stop }`. With
 * TEST_DATABASE_URL it is that server (nothing is started, stop does nothing); without it, a new
 * embedded PostgreSQL whose url is its superuser's (random password) on a free port.
 */
export async function startTestDatabase(env = process.env) {
  if (env.TEST_DATABASE_URL) return { url: env.TEST_DATABASE_URL, embedded: false, stop: async () => {} };
  const tsx = join(root, "node_modules/.bin/tsx");
  if (!existsSync(tsx)) throw new MissingPrerequisiteError(`${tsx} is missing: run pnpm install first.`);
  const child = spawn(tsx, [join(root, "packages/db/src/cli/test-server.ts")], {
    cwd: root,
    env: { ...env, TEST_DATABASE_URL: "" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise((done) => child.once("exit", (code, signal) => done(code ?? signal)));
  const url = await new Promise((done, fail) => {
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      let address;
      try {
        address = JSON.parse(line).url;
      } catch {
        address = undefined;
      }
      if (typeof address !== "string") return void process.stderr.write(`${line}\n`);
      lines.close();
      done(address);
    });
    exited.then((code) => fail(new Error(`the embedded PostgreSQL for the tests did not start (exit ${code})`)));
  });
  // Nothing more is read from its stdout; keep the pipe drained so the child never blocks on it.
  child.stdout.resume();
  let stopped;
  return {
    url,
    embedded: true,
    pid: child.pid,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.stdin.end();
        await exited;
      })();
      return stopped;
    },
  };
}
