// `pnpm db:migrate`: applies pending migrations from prisma/migrations to DATABASE_URL.
import { applyMigrations } from "../migrate/index.ts";
import { redactUrl } from "../url.ts";

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
  console.error(
    `migration failed for ${redactUrl(url, "(unparseable DATABASE_URL)")}:\n${err instanceof Error ? err.message : String(err)}`,
  );
  process.exitCode = 1;
}
