// `pnpm db:migrate`: applies pending migrations from prisma/migrations to DATABASE_URL.
import { applyMigrations } from "../migrate/index.ts";

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
// Engine log lines are JSON noise; show them only when asked.
const log = process.env.MIGRATE_VERBOSE ? (line: string) => console.error(line) : undefined;

try {
  const started = Date.now();
  const { applied } = await applyMigrations(url, { log });
  for (const name of applied) console.log(`applied ${name}`);
  console.log(
    applied.length ? `${applied.length} migration(s) applied in ${Date.now() - started} ms` : "database is up to date",
  );
} catch (err) {
  console.error(`migration failed for ${redact(url)}:\n${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}

/** The URL without its password, for error messages. */
function redact(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
