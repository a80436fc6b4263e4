// Starts the Runboard server for the browser tests: recreate the e2e database, migrate it, seed
// the demo runs, then run apps/server exactly as production does (`pnpm start`: plain node on the
// compiled server in apps/server/dist, which `pnpm build` makes).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

import { createAccountService, createAuth } from "@runboard/api";
import { applyMigrations, createPrismaClient, seedDemoData } from "@runboard/db";
import pg from "pg";
import { E2E_AUTH_SECRET, E2E_DATABASE_URL, E2E_PASSWORD, E2E_ROLES, e2eEmail } from "./env";
import { productionServer, serverDir } from "./second-instance";

if (!existsSync(productionServer.entry)) {
  console.error(`${productionServer.entry} is missing: run \`pnpm build\` first (npm test does).`);
  process.exit(1);
}

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

const server = spawn(productionServer.command, productionServer.args, {
  cwd: serverDir,
  stdio: "inherit",
  env: {
    ...process.env,
    DATABASE_URL: E2E_DATABASE_URL,
    RUNBOARD_SEED_DEMO: "false",
    RUNBOARD_DASHBOARD: "true",
    RUNBOARD_AUTH_SECRET: E2E_AUTH_SECRET,
    // The browser tests stand where a reverse proxy would: a spec that signs in names its own
    // client address (X-Forwarded-For), so the production limit of 3 password attempts per 10 s
    // per address counts each spec alone instead of making them wait for one another.
    RUNBOARD_TRUST_PROXY: "127.0.0.1",
  },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
