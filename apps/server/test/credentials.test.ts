import { type Credentials, createPrincipalResolver, type PrincipalResolver } from "@runboard/api";
import { TEST_PASSWORD, testAccounts } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { toFetchHeaders } from "../src/headers.ts";

// The API resolves its caller from the Authorization and Cookie values alone; a fetch Headers
// (what better-auth reads) is built only when a session cookie has to be checked.

let db: TestDatabase;
let prisma: PrismaClient;
let resolver: PrincipalResolver;
let key: string;
let cookie: string;

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
  const fixtures = testAccounts(prisma);
  resolver = createPrincipalResolver(fixtures.auth);
  key = (await fixtures.key("read", "credentials-test")).key;
  const editor = await fixtures.user("editor");
  const signIn = await fixtures.auth.api.signInEmail({
    body: { email: editor.email, password: TEST_PASSWORD },
    returnHeaders: true,
  });
  cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  expect(cookie).toContain("session_token");
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

/** Resolves from raw header values, counting how often the full Headers were asked for. */
async function resolveCounting(raw: Record<string, string>) {
  let built = 0;
  const credentials: Credentials = {
    authorization: raw.authorization,
    cookie: raw.cookie,
    headers: () => {
      built++;
      return toFetchHeaders(raw);
    },
  };
  const resolution = await resolver.resolveCredentials(credentials);
  // The Headers form answers the same for the same request.
  expect(await resolver.resolve(toFetchHeaders(raw))).toEqual(resolution);
  return { resolution, built };
}

it("resolves an API key from its header alone, never building Headers, even with a cookie present", async () => {
  const { resolution, built } = await resolveCounting({ authorization: `Bearer ${key}`, cookie });
  expect(resolution.principal).toMatchObject({ type: "api_key", label: "credentials-test", scope: "read" });
  expect(built).toBe(0);
});

it("never falls back to the session cookie when the Authorization header is present but invalid", async () => {
  for (const authorization of ["Bearer rb_not_a_key", "Basic abc", "Bearer"]) {
    const { resolution, built } = await resolveCounting({ authorization, cookie });
    expect(resolution.principal, authorization).toBeNull();
    expect(built).toBe(0);
  }
});

it("checks a session cookie through better-auth with the request's headers", async () => {
  const { resolution, built } = await resolveCounting({ cookie, "user-agent": "credentials-test" });
  expect(resolution.principal).toMatchObject({ type: "user", role: "editor" });
  expect(built).toBe(1);
  // An empty Authorization header is no credential: the cookie decides, as before.
  expect((await resolveCounting({ authorization: "", cookie })).resolution.principal).toMatchObject({ type: "user" });
});

it("answers 'not signed in' without building Headers when there is neither", async () => {
  const { resolution, built } = await resolveCounting({ accept: "application/json" });
  expect(resolution).toEqual({ principal: null, reason: "not signed in" });
  expect(built).toBe(0);
});
