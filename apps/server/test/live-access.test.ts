import type { AddressInfo } from "node:net";
import { createAuthServices, createRunService } from "@runboard/api";
import { TEST_AUTH_SECRET, TEST_PASSWORD } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { createRunChangeFeed } from "../src/notifications.ts";

// A live-updates stream is checked when it opens, like every call, and again while it lasts: it
// must end when its key is revoked or its session signed out, not run on forever.
let db: TestDatabase;
let prisma: PrismaClient;
// One app re-checks rarely (a revocation in this process must end a stream at once), one often
// (a sign-out is only noticed by asking again).
let app: FastifyInstance;
let url: string;
let polling: FastifyInstance;
let pollingUrl: string;
let services: ReturnType<typeof createAuthServices>;
let feed: ReturnType<typeof createRunChangeFeed>;

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
  services = createAuthServices(prisma, {
    baseURL: "http://127.0.0.1",
    secret: TEST_AUTH_SECRET,
    rateLimit: false,
    logger: { disabled: true },
  });
  feed = createRunChangeFeed(db.url, () => {});
  await feed.start();
  const build = (accessRecheckMs: number) =>
    buildApp({
      runService: createRunService({ prisma, changes: feed.changes }),
      runChanges: feed.source,
      readiness: async () => ({ ready: true }),
      startup: { done: true },
      logLevel: "silent",
      ...services,
      accessRecheckMs,
    });
  app = await build(10 * 60_000);
  polling = await build(250);
  url = await listen(app);
  pollingUrl = await listen(polling);
});

async function listen(server: FastifyInstance): Promise<string> {
  await server.listen({ host: "127.0.0.1", port: 0 });
  return `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
}

afterAll(async () => {
  await feed?.close();
  await app?.close();
  await polling?.close();
  await prisma?.$disconnect();
  await db?.drop();
});

/** Opens `live.runChanges` and resolves once the server says it is connected; `ended` has what followed. */
async function openStream(base: string, headers: Record<string, string>) {
  const response = await fetch(`${base}/api/trpc/live.runChanges`, {
    headers: { accept: "text/event-stream", ...headers },
  });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("event: connected")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the stream ended before it connected: ${text}`);
    text += value;
  }
  const ended = (async () => {
    let rest = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return rest;
      rest += value;
    }
  })();
  return { ended, cancel: () => reader.cancel() };
}

/** How the stream closed when access ended: with tRPC's error event, UNAUTHORIZED. */
function expectClosedUnauthorized(rest: string) {
  expect(rest).toContain("event: serialized-error");
  expect(rest).toContain('"code":"UNAUTHORIZED"');
}

describe("an open live-updates stream", () => {
  it("ends when its API key is revoked", async () => {
    const admin = await services.accounts.createUser({
      email: "admin@live.test",
      name: "Admin",
      password: TEST_PASSWORD,
      role: "admin",
    });
    const key = await services.accounts.createKey(admin.id, { name: "live", scope: "read" });
    const stream = await openStream(url, { authorization: `Bearer ${key.key}` });
    await services.accounts.revokeKey(key.id);
    // This app asks again only every 10 minutes: the revocation itself ends the stream.
    expectClosedUnauthorized(await stream.ended);
    // And it cannot be opened again: tRPC streams the refusal as the stream's error event.
    const again = await fetch(`${url}/api/trpc/live.runChanges`, {
      headers: { accept: "text/event-stream", authorization: `Bearer ${key.key}` },
    });
    const body = await again.text();
    expect(body).toContain("event: serialized-error");
    expect(body).toContain('"code":"UNAUTHORIZED"');
  });

  it("ends when its operator signs out", async () => {
    await services.accounts.createUser({
      email: "viewer@live.test",
      name: "V",
      password: TEST_PASSWORD,
      role: "viewer",
    });
    const signIn = await fetch(`${pollingUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: pollingUrl },
      body: JSON.stringify({ email: "viewer@live.test", password: TEST_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const stream = await openStream(pollingUrl, { cookie });
    const signOut = await fetch(`${pollingUrl}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie, origin: pollingUrl },
    });
    expect(signOut.status).toBe(200);
    expectClosedUnauthorized(await stream.ended);
  });

  it("stays open while its caller still has access", async () => {
    const admin = await prisma.user.findUniqueOrThrow({ where: { email: "admin@live.test" } });
    const key = await services.accounts.createKey(admin.id, { name: "kept", scope: "read" });
    const stream = await openStream(pollingUrl, { authorization: `Bearer ${key.key}` });
    // Several re-checks pass (every 250 ms here) and the stream is still open.
    const outcome = await Promise.race([
      stream.ended.then(() => "ended"),
      new Promise((done) => setTimeout(done, 1_500, "open")),
    ]);
    expect(outcome).toBe("open");
    await stream.cancel();
  });
});
