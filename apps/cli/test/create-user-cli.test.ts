import { createAuth } from "@runboard/api";
import { TEST_AUTH_SECRET } from "@runboard/api/testing/auth-fixtures";
import { createPrismaClient, type PrismaClient } from "@runboard/db";
import { createTestDatabase, type TestDatabase } from "@runboard/db/testing";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { runCli } from "./run-cli.ts";

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase(inject("templateDatabase"));
  prisma = createPrismaClient(db.url);
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

it("creates the first admin from a password on standard input; they can sign in with it", async () => {
  const created = await runCli(
    ["create-user", "--email", "Ops@Example.com", "--password-stdin"],
    { DATABASE_URL: db.url },
    "a-strong-password-1\n",
  );
  expect(created.stderr).toBe("");
  expect(created.stdout).toMatch(/^created admin ops@example\.com/);
  expect(created.code).toBe(0);
  const user = await prisma.user.findUniqueOrThrow({ where: { email: "ops@example.com" } });
  expect(user.role).toBe("admin");

  const auth = createAuth(prisma, {
    baseURL: "http://127.0.0.1",
    secret: TEST_AUTH_SECRET,
    logger: { disabled: true },
  });
  const session = await auth.api.signInEmail({ body: { email: "ops@example.com", password: "a-strong-password-1" } });
  expect(session.user.email).toBe("ops@example.com");

  const again = await runCli(
    ["create-user", "--email", "ops@example.com", "--password-stdin"],
    { DATABASE_URL: db.url },
    "a-strong-password-1\n",
  );
  expect(again.code).toBe(1);
  expect(again.stderr).toContain("already exists");
});

it("refuses a short or common password, an unknown role and a missing password, saying why", async () => {
  const short = await runCli(
    ["create-user", "--email", "a@b.test", "--password-stdin"],
    { DATABASE_URL: db.url },
    "short\n",
  );
  expect(short.code).toBe(1);
  expect(short.stderr).toContain("at least 12 characters");
  const common = await runCli(
    ["create-user", "--email", "a@b.test", "--password-stdin"],
    { DATABASE_URL: db.url },
    "password1234\n",
  );
  expect(common.code).toBe(1);
  expect(common.stderr).toContain("password: this password is one of the most common ones; choose another");
  const role = await runCli(["create-user", "--email", "a@b.test", "--role", "owner"], { DATABASE_URL: db.url });
  expect(role.code).toBe(2);
  expect(role.stderr).toContain("unknown role 'owner'");
  const none = await runCli(["create-user", "--email", "a@b.test"], { DATABASE_URL: db.url, RUNBOARD_PASSWORD: "" });
  expect(none.code).toBe(2);
  expect(none.stderr).toContain("--password-stdin");
});
