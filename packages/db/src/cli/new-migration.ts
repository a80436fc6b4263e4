// `pnpm db:migration <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// whatever prisma/schema.prisma adds to the existing migrations.
import { createMigration } from "../migrate/index.ts";

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const name = process.argv[2];

if (!name) {
  console.error("usage: pnpm db:migration <name>");
  process.exitCode = 1;
} else {
  try {
    const file = await createMigration(name, url);
    console.log(file ? `wrote ${file}` : "no changes: migrations already match prisma/schema.prisma");
  } catch (err) {
    console.error(`could not create migration: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
