// Shared by playwright.config.ts, the server it starts and the tests that seed data: a fixed
// database name, recreated on every start, so all three agree without passing state around.
const base = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const url = new URL(base);
url.pathname = "/rb_e2e";

export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL || url.toString();
export const E2E_PORT = Number(process.env.E2E_PORT || 3100);

/** The browser tests' servers share one cookie-signing secret, so a session works on either instance. */
export const E2E_AUTH_SECRET = "e2e-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";

/** The operators the browser tests sign in as (created by serve.ts), one saved session per role. */
export const E2E_ROLES = ["viewer", "editor", "admin"] as const;
export type E2ERole = (typeof E2E_ROLES)[number];
export const E2E_PASSWORD = "e2e-password-123";
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
