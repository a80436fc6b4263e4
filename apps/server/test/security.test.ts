import { TEST_PASSWORD } from "@runboard/api/testing/auth-fixtures";
import { expect, it } from "vitest";
import { bearer, insertRuns, testAccounts, useRestServer } from "./rest-fixture.ts";

const ctx = useRestServer();

async function modify(runId: string, headers: Record<string, string>) {
  return fetch(`${ctx.url}/api/trpc/run.modify`, {
    method: "POST",
    headers: { "content-type": "application/json", ...ctx.auth, ...headers },
    body: JSON.stringify({ thread_id: "thread_sec", run_id: runId, metadata: { touched: "yes" } }),
  });
}

it("refuses state changes requested by another site, and accepts same-origin and server calls", async () => {
  const [runId] = (await insertRuns(ctx.prisma, [{ threadId: "thread_sec" }])) as [string];
  const host = new URL(ctx.url).host;

  const foreign = await modify(runId, { origin: "https://evil.example" });
  expect(foreign.status).toBe(403);
  expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("cross_site_request");
  const crossSite = await modify(runId, { "sec-fetch-site": "cross-site" });
  expect(crossSite.status).toBe(403);
  // A text/plain form post from another site is refused the same way.
  const form = await fetch(`${ctx.url}/v1/threads/thread_sec/runs/${runId}`, {
    method: "POST",
    headers: { "content-type": "text/plain", origin: "https://evil.example", ...ctx.auth },
    body: '{"metadata":{"touched":"yes"}}',
  });
  expect(form.status).toBe(403);
  const stored = await ctx.prisma.run.findUniqueOrThrow({ where: { id: runId } });
  expect(stored.metadata).toEqual({});

  expect((await modify(runId, { origin: `http://${host}`, "sec-fetch-site": "same-origin" })).status).toBe(200);
  expect((await modify(runId, {})).status).toBe(200);
});

it("marks API responses as data that must not be sniffed, run or framed", async () => {
  const response = await fetch(`${ctx.url}/v1/threads/thread_sec/runs`, { headers: ctx.auth });
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
});

it("answers an oversized request body with 413 and a clear message", async () => {
  const response = await fetch(`${ctx.url}/api/trpc/run.modify`, {
    method: "POST",
    headers: { "content-type": "application/json", ...ctx.auth },
    body: JSON.stringify({ thread_id: "t", run_id: "r", metadata: { big: "x".repeat(2 * 1024 * 1024) } }),
  });
  expect(response.status).toBe(413);
  expect(await response.text()).toMatch(/too large/i);
});

it("never writes passwords, API keys or session tokens to its log", async () => {
  const { user } = testAccounts(ctx.prisma);
  const admin = await user("admin", "log-check@runboard.test");
  const signIn = (password: string) =>
    fetch(`${ctx.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ctx.url },
      body: JSON.stringify({ email: admin.email, password }),
    });
  expect((await signIn("wrong-password-987")).status).toBe(401);
  const signedIn = await signIn(TEST_PASSWORD);
  expect(signedIn.status).toBe(200);
  const { token } = (await signedIn.json()) as { token: string };
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  expect((await fetch(`${ctx.url}/api/trpc/auth.me`, { headers: { cookie } })).status).toBe(200);
  expect((await fetch(`${ctx.url}/v1/threads/t/runs`, { headers: ctx.auth })).status).toBe(200);
  const badKey = "rb_not-a-real-key-but-still-a-secret";
  expect((await fetch(`${ctx.url}/v1/threads/t/runs`, { headers: bearer(badKey) })).status).toBe(401);
  await new Promise((done) => setTimeout(done, 200));

  const log = ctx.server.output();
  expect(log).toContain('"url":"/api/auth/sign-in/email"');
  for (const secret of [TEST_PASSWORD, "wrong-password-987", ctx.key, badKey, token, cookie]) {
    expect(log).not.toContain(secret);
  }
});
