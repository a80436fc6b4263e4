import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { applyMigrations } from "./migrate/index.ts";

// Test-only helpers: a fresh database per test file on the real PostgreSQL server.

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const migrationsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../../../prisma/migrations");

export function databaseUrl(name: string, base = TEST_DATABASE_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One connection for `fn`, closed afterwards whatever happens. */
export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A connection of its own, for a test that needs one session (a transaction, a held lock); the caller ends it. */
export async function connectClient(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** A connection of its own LISTENing on `channel`, handing each payload to `onPayload`. */
export async function listen(url: string, channel: string, onPayload: (payload: string) => void) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  client.on("notification", (message) => onPayload(message.payload ?? ""));
  await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
  return { close: () => client.end() };
}

const admin = <T>(fn: (client: pg.Client) => Promise<T>) => withClient(TEST_DATABASE_URL, fn);

async function migrationsDigest(): Promise<string> {
  const hash = createHash("sha256");
  for (const entry of (await readdir(migrationsDir, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (!entry.isDirectory()) continue;
    hash.update(entry.name);
    hash.update(await readFile(join(migrationsDir, entry.name, "migration.sql")));
  }
  return hash.digest("hex").slice(0, 12);
}

/** Creates (once per migration set) a migrated template database and returns its name. */
export async function prepareTemplateDatabase(): Promise<string> {
  const name = `rb_template_${await migrationsDigest()}`;
  const exists = await admin((c) => c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]));
  if (exists.rowCount === 0) {
    const building = `${name}_build_${randomBytes(3).toString("hex")}`;
    await admin((c) => c.query(`CREATE DATABASE "${building}"`));
    await applyMigrations(databaseUrl(building));
    // Renamed only when complete, so a crash never leaves a half-migrated template behind.
    await admin(async (c) => {
      try {
        await c.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
      } catch (error) {
        await c.query(`DROP DATABASE IF EXISTS "${building}"`);
        if ((error as { code?: string }).code !== "42P04") throw error;
      }
    });
  }
  return name;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new database cloned from the migrated template; drop it when the test file ends. */
export async function createTestDatabase(template: string): Promise<TestDatabase> {
  const name = `rb_test_${randomBytes(5).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** An empty database (no tables), for tests of migrating from nothing. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `rb_empty_${randomBytes(5).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template database, provided by test/global-setup.ts. */
    templateDatabase: string;
  }
}
