import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { ConfigError, readConfig } from "../src/config.ts";
import { type ServerProcess, startServer } from "./server-process.ts";

let db: TestDatabase;
let prisma: PrismaClient;
let server: ServerProcess | undefined;

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
});

afterAll(async () => {
  await server?.stop();
  await prisma?.$disconnect();
  await db?.drop();
});

const ADMIN = { RUNBOARD_ADMIN_EMAIL: "First@Example.com", RUNBOARD_ADMIN_PASSWORD: "first-admin-password" };

it("creates the first admin from RUNBOARD_ADMIN_EMAIL / _PASSWORD once; they sign in and are admin", async () => {
  for (let start = 0; start < 2; start++) {
    server = await startServer({ DATABASE_URL: db.url, RUNBOARD_SEED_DEMO: "false", ...ADMIN });
    await server.ready;
    expect(server.output().includes("created the admin First@Example.com")).toBe(start === 0);
    expect(server.output()).not.toContain(ADMIN.RUNBOARD_ADMIN_PASSWORD);
    if (start === 0) await server.stop();
  }
  expect(await prisma.user.count()).toBe(1);
  const url = (server as ServerProcess).url;
  const signIn = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email: "first@example.com", password: ADMIN.RUNBOARD_ADMIN_PASSWORD }),
  });
  expect(signIn.status).toBe(200);
  const cookie = signIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const me = (await (await fetch(`${url}/api/trpc/auth.me`, { headers: { cookie } })).json()) as {
    result: { data: { role: string; email: string } };
  };
  expect(me.result.data).toMatchObject({ role: "admin", email: "first@example.com" });
  // Self sign-up is off: nobody makes themselves an operator.
  const signUp = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email: "me@example.com", password: "my-own-password", name: "Me" }),
  });
  expect(signUp.status).toBe(400);
  expect(await prisma.user.count()).toBe(1);
});

const env = (vars: Record<string, string>) => vars as unknown as NodeJS.ProcessEnv;

it("refuses weak or half-given auth settings at start, saying which", () => {
  expect(() => readConfig(env({ RUNBOARD_AUTH_SECRET: "short" }))).toThrow(ConfigError);
  expect(() => readConfig(env({ RUNBOARD_ADMIN_EMAIL: "a@b.test" }))).toThrow(/must be set together/);
  expect(() => readConfig(env({ RUNBOARD_ADMIN_EMAIL: "a@b.test", RUNBOARD_ADMIN_PASSWORD: "short" }))).toThrow(
    /at least 12 characters/,
  );
  expect(() => readConfig(env({ RUNBOARD_ADMIN_EMAIL: "a@b.test", RUNBOARD_ADMIN_PASSWORD: "password1234" }))).toThrow(
    /RUNBOARD_ADMIN_PASSWORD: this password is one of the most common ones/,
  );
  expect(readConfig(env({ BETTER_AUTH_SECRET: "x".repeat(40) })).authSecret).toBe("x".repeat(40));
  expect(readConfig(env({ HOST: "0.0.0.0", PORT: "4000" })).publicUrl).toBe("http://127.0.0.1:4000");
  expect(readConfig(env({ RUNBOARD_PUBLIC_URL: "https://runs.example.com/" })).publicUrl).toBe(
    "https://runs.example.com",
  );
});
