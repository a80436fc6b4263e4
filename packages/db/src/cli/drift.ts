// `pnpm db:drift`: fails when prisma/schema.prisma has changes no migration captures yet.
import { checkDrift } from "../migrate/index.ts";

const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

try {
  const sql = await checkDrift(url);
  if (sql) {
    console.log(sql);
    console.error("drift: prisma/schema.prisma differs from the migrations; run `pnpm db:migration <name>`");
    process.exitCode = 1;
  } else {
    console.log("no drift: migrations match prisma/schema.prisma");
  }
} catch (err) {
  console.error(`drift check failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 2; // distinct from "drift found"
}
