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

/** Signs in over HTTP as a browser would; the cookie header of the new session. */
async function signInCookie(email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await fetch(`${ctx.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ctx.url },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  return cookieOf(response);
}

const cookieOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

const me = (cookie: string) => fetch(`${ctx.url}/api/trpc/auth.me`, { headers: { cookie } }).then((r) => r.status);

it("changing a password ends the operator's other sessions and refuses a common new password", async () => {
  const operator = await testAccounts(ctx.prisma).user("editor", "changer@runboard.test");
  const laptop = await signInCookie(operator.email);
  const stolen = await signInCookie(operator.email);
  const change = (newPassword: string, cookie = laptop) =>
    fetch(`${ctx.url}/api/auth/change-password`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ctx.url, cookie },
      // A client asking to keep its other sessions is not obeyed.
      body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword, revokeOtherSessions: false }),
    });

  const weak = await change("qwerty123456");
  expect(weak.status).toBe(400);
  expect(((await weak.json()) as { message: string }).message).toBe(
    "this password is one of the most common ones; choose another",
  );
  expect(await me(stolen)).toBe(200);

  const changed = await change("a-new-long-passphrase");
  expect(changed.status).toBe(200);
  expect(await me(stolen)).toBe(401);
  expect(await me(laptop)).toBe(401);
  // The operator who changed it keeps working with the session the answer carries.
  expect(await me(cookieOf(changed))).toBe(200);
  await signInCookie(operator.email, "a-new-long-passphrase");
});

it("refuses a mutation whose Origin names this host under another scheme", async () => {
  const [runId] = (await insertRuns(ctx.prisma, [{ threadId: "thread_scheme" }])) as [string];
  const host = new URL(ctx.url).host;
  const response = await fetch(`${ctx.url}/api/trpc/run.modify`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: `https://${host}`, ...ctx.auth },
    body: JSON.stringify({ thread_id: "thread_scheme", run_id: runId, metadata: { touched: "yes" } }),
  });
  expect(response.status).toBe(403);
});

it("refuses requests under a name that is not this Runboard's (DNS rebinding), but not its health checks", async () => {
  const { request } = await import("node:http");
  const port = new URL(ctx.url).port;
  const get = (path: string, host: string) =>
    new Promise<{ status: number; body: string }>((done, fail) => {
      const req = request({ host: "127.0.0.1", port, path, headers: { host, ...ctx.auth } }, (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => done({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", fail);
      req.end();
    });
  const rebound = await get("/v1/threads/thread_sec/runs", `evil.test:${port}`);
  expect(rebound.status).toBe(421);
  expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: "host_not_allowed" } });
  expect(JSON.parse(rebound.body).error.message).toContain("RUNBOARD_PUBLIC_URL");
  expect((await get("/api/trpc/run.list", "evil.test")).status).toBe(421);
  // A page cannot slip past with a forwarded name of its own beside the real one.
  const forwarded = await new Promise<number>((done, fail) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path: "/v1/threads/thread_sec/runs",
        headers: { host: "evil.test", "x-forwarded-host": `127.0.0.1:${port}`, ...ctx.auth },
      },
      (res) => done(res.statusCode ?? 0),
    );
    req.on("error", fail);
    req.end();
  });
  expect(forwarded).toBe(421);
  expect((await get("/healthz", "evil.test")).status).toBe(200);
  for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]) {
    expect((await get("/v1/threads/thread_sec/runs", host)).status, host).toBe(200);
  }
});

it("answers OPTIONS * (a question about the server, not a page) with what it allows", async () => {
  const { connect } = await import("node:net");
  const socket = connect(Number(new URL(ctx.url).port), "127.0.0.1");
  socket.write(`OPTIONS * HTTP/1.1\r\nHost: ${new URL(ctx.url).host}\r\nConnection: close\r\n\r\n`);
  let answer = "";
  for await (const chunk of socket) answer += chunk;
  expect(answer).toMatch(/^HTTP\/1\.1 204 /);
  expect(answer.toLowerCase()).toContain("allow: get, head, post, options");
});

it("signs in from the site's own page under any name it answers to, not only the public URL", async () => {
  const operator = await testAccounts(ctx.prisma).user("viewer", "by-address@runboard.test");
  const { request } = await import("node:http");
  const port = new URL(ctx.url).port;
  const body = JSON.stringify({ email: operator.email, password: TEST_PASSWORD });
  const status = (origin: string, host: string) =>
    new Promise<number>((done, fail) => {
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path: "/api/auth/sign-in/email",
          method: "POST",
          headers: { host, origin, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        },
      );
      req.on("error", fail);
      req.end(body);
    });
  // A browser that reached this server by its LAN address signs in from a page of that address.
  expect(await status(`http://192.0.2.9:${port}`, `192.0.2.9:${port}`)).toBe(200);
  // Another site's page is refused, whatever name it uses.
  expect(await status("http://evil.test", `192.0.2.9:${port}`)).toBe(403);
});
