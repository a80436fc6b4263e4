import pg from "pg";
import type { EmbeddedCredentials } from "./embedded-credentials.ts";

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

// Everything the migrations create in `public` (tables, sequences, views, enum types, functions)
// is handed to the app role, so that a data folder made when Runboard connected as the superuser
// keeps working as the app role (and its migrations can change those objects).
const TRANSFER_PUBLIC = (role: string) => `
DO $$
DECLARE
  r record;
  app oid := (SELECT oid FROM pg_roles WHERE rolname = ${pgLiteral(role)});
BEGIN
  EXECUTE format('ALTER SCHEMA public OWNER TO %I', ${pgLiteral(role)});
  FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> app AND NOT EXISTS (
      SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
  LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I',
      CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
      r.name, ${pgLiteral(role)});
  END LOOP;
  FOR r IN SELECT t.oid::regtype AS name FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = 'public' AND t.typtype = 'e' AND t.typowner <> app
  LOOP
    EXECUTE format('ALTER TYPE %s OWNER TO %I', r.name, ${pgLiteral(role)});
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public' AND p.proowner <> app
  LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO %I', r.name, ${pgLiteral(role)});
  END LOOP;
END $$`;

function pgLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

async function withSuperuser<T>(
  port: number,
  password: string,
  database: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Whether the superuser accepts this password (false: PostgreSQL refused it). */
export async function superuserAccepts(port: number, password: string): Promise<boolean> {
  try {
    await withSuperuser(port, password, "postgres", async () => {});
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "28P01") return false;
    throw error;
  }
}

/**
 * Brings the server to these credentials: the superuser's password, the app role (LOGIN, no other
 * privilege) with its password, and the database owned by the app role with everything in it.
 * Idempotent: run at every start, it changes nothing on a server that is already so.
 */
export async function applyCredentials(
  port: number,
  currentSuperuserPassword: string,
  credentials: EmbeddedCredentials,
  database: string,
): Promise<void> {
  const role = credentials.app.user;
  await withSuperuser(port, currentSuperuserPassword, "postgres", async (client) => {
    if (currentSuperuserPassword !== credentials.superuser.password) {
      await client.query(`ALTER ROLE postgres PASSWORD ${pgLiteral(credentials.superuser.password)}`);
    }
    const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role]);
    const verb = exists.rowCount === 0 ? "CREATE" : "ALTER";
    await client.query(
      `${verb} ROLE ${quoteIdent(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS ` +
        `PASSWORD ${pgLiteral(credentials.app.password)}`,
    );
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(role)}`);
    else await client.query(`ALTER DATABASE ${quoteIdent(database)} OWNER TO ${quoteIdent(role)}`);
  });
  await withSuperuser(port, credentials.superuser.password, database, (client) => client.query(TRANSFER_PUBLIC(role)));
}
