// Starts the Runboard server for the browser tests: recreate the e2e database, migrate it, seed
// the demo runs, then run apps/server exactly as production does.

import { createAccountService, createAuth } from "@runboard/api";
import { applyMigrations, createPrismaClient, seedDemoData } from "@runboard/db";
import pg from "pg";
import { E2E_AUTH_SECRET, E2E_DATABASE_URL, E2E_PASSWORD, E2E_ROLES, e2eEmail } from "./env";

const target = new URL(E2E_DATABASE_URL);
const name = target.pathname.slice(1);
const admin = new URL(E2E_DATABASE_URL);
admin.pathname = "/postgres";

const client = new pg.Client({ connectionString: admin.toString() });
await client.connect();
await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
await client.query(`CREATE DATABASE "${name}"`);
await client.end();

await applyMigrations(E2E_DATABASE_URL);
const prisma = createPrismaClient(E2E_DATABASE_URL);
await seedDemoData(prisma);
// One operator per role; the setup project signs each in once and the specs reuse the sessions.
const accounts = createAccountService({
  auth: createAuth(prisma, { baseURL: "http://127.0.0.1", secret: E2E_AUTH_SECRET, logger: { disabled: true } }),
  prisma,
});
for (const role of E2E_ROLES) {
  await accounts.createUser({ email: e2eEmail(role), name: `E2E ${role}`, password: E2E_PASSWORD, role });
}
await prisma.$disconnect();

process.env.DATABASE_URL = E2E_DATABASE_URL;
process.env.RUNBOARD_SEED_DEMO = "false";
process.env.RUNBOARD_DASHBOARD = "true";
process.env.RUNBOARD_AUTH_SECRET = E2E_AUTH_SECRET;
// The browser tests stand where a reverse proxy would: a spec that signs in names its own client
// address (X-Forwarded-For), so the production limit of 3 password attempts per 10 s per address
// counts each spec alone instead of making them wait for one another.
process.env.RUNBOARD_TRUST_PROXY = "127.0.0.1";
await import("../../server/src/main.ts");
