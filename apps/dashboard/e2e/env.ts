import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";

// Shared by playwright.config.ts, the server it starts and the tests that seed data: a fixed
// database name, recreated on every start, so all three agree without passing state around.
// The port and the secrets are chosen once, by the first process that loads this file (Playwright's
// runner, when it reads its config), and handed to the others (the web server, the workers)
// through the environment they inherit.
const base = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const url = new URL(base);
url.pathname = "/rb_e2e";

export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL || url.toString();

/** A port nothing listens on now (the OS picks it), asked for synchronously: the config cannot wait. */
function freePortSync(): number {
  const script =
    "const s=require('node:net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }));
}

/** The variable's value, made by `make` (and exported to child processes) when it is unset. */
function shared(name: string, make: () => string): string {
  const value = process.env[name] || make();
  process.env[name] = value;
  return value;
}

export const E2E_PORT = Number(shared("E2E_PORT", () => String(freePortSync())));

/** The browser tests' servers share one cookie-signing secret, so a session works on either instance. */
export const E2E_AUTH_SECRET = shared("E2E_AUTH_SECRET", () => randomBytes(32).toString("base64url"));

/** The operators the browser tests sign in as (created by serve.ts), one saved session per role. */
export const E2E_ROLES = ["viewer", "editor", "admin"] as const;
export type E2ERole = (typeof E2E_ROLES)[number];
export const E2E_PASSWORD = shared("E2E_PASSWORD", () => randomBytes(12).toString("base64url"));
export const e2eEmail = (role: E2ERole) => `${role}@runboard.test`;
export const storageStateFor = (role: E2ERole) => new URL(`./.auth/${role}.json`, import.meta.url).pathname;

/**
 * A client address of its own for one spec's sign-ins (the e2e server trusts the loopback "proxy"):
 * a documentation-range address derived from the name, so reruns agree.
 */
export function clientAddress(name: string): { "x-forwarded-for": string } {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return { "x-forwarded-for": `198.51.${(hash >> 8) % 256}.${(hash % 254) + 1}` };
}
