import { TEST_PASSWORD, testAccounts } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type ServerProcess, startServer } from "./server-process.ts";

// Two instances on one database, as behind a load balancer, with the production sign-in limit
// of 3 password attempts per address, in a window long enough that a slow machine stays inside it;
// the first also trusts the proxy on loopback.
let db: TestDatabase;
let prisma: PrismaClient;
let behindProxy: ServerProcess;
let other: ServerProcess;
const email = "limited@runboard.test";

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
  await testAccounts(prisma).user("editor", email);
  const env = {
    DATABASE_URL: db.url,
    RUNBOARD_SEED_DEMO: "false",
    RUNBOARD_AUTH_RATE_LIMIT: "true",
    RUNBOARD_PASSWORD_ATTEMPTS: "3/600",
  };
  [behindProxy, other] = await Promise.all([
    startServer({ ...env, RUNBOARD_TRUST_PROXY: "127.0.0.1" }),
    startServer(env),
  ]);
  await Promise.all([behindProxy.ready, other.ready]);
});

afterAll(async () => {
  await Promise.all([behindProxy?.stop(), other?.stop()]);
  await prisma?.$disconnect();
  await db?.drop();
});

function post(server: ServerProcess, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/auth/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url, ...headers },
    body: JSON.stringify(body),
  });
}
const wrongSignIn = (server: ServerProcess, headers?: Record<string, string>) =>
  post(server, "sign-in/email", { email, password: "not-the-password" }, headers);

it("counts a client's password attempts across instances, in the database", async () => {
  for (const server of [other, behindProxy, other]) expect((await wrongSignIn(server)).status).toBe(401);
  // The fourth attempt from this address, on either instance, is refused before the password is checked.
  const refused = await post(other, "sign-in/email", { email, password: TEST_PASSWORD });
  expect(refused.status).toBe(429);
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(((await refused.json()) as { message: string }).message).toMatch(/Too many password attempts/);
  expect(await prisma.authAttempt.count()).toBe(1);
});

it("behind a trusted proxy, each client is counted by the address the proxy names", async () => {
  const from = (address: string) => ({ "x-forwarded-for": address });
  for (let i = 0; i < 3; i++) expect((await wrongSignIn(behindProxy, from("203.0.113.7"))).status).toBe(401);
  expect((await wrongSignIn(behindProxy, from("203.0.113.7"))).status).toBe(429);
  // Another client behind the same proxy is not locked out by the first.
  expect(
    (await post(behindProxy, "sign-in/email", { email, password: TEST_PASSWORD }, from("198.51.100.2"))).status,
  ).toBe(200);
  // An untrusting instance ignores the header: a client cannot pick a fresh address per attempt.
  expect((await wrongSignIn(other, from("192.0.2.1"))).status).toBe(429);
});

it("limits /api/auth/verify-password the same way (a session cannot be used to guess its password)", async () => {
  const signedIn = await post(
    behindProxy,
    "sign-in/email",
    { email, password: TEST_PASSWORD },
    {
      "x-forwarded-for": "198.51.100.3",
    },
  );
  expect(signedIn.status).toBe(200);
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const guess = () =>
    post(behindProxy, "verify-password", { password: "a-guess-123456" }, { cookie, "x-forwarded-for": "198.51.100.4" });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await guess()).status);
  expect(statuses.every((s) => s !== 429)).toBe(true);
  expect((await guess()).status).toBe(429);
});
