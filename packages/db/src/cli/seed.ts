// `pnpm db:seed [--runs N] [--threads N]`: fills DATABASE_URL with the demo data set. Safe to
// run repeatedly: once any run exists it changes nothing.
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { seedDemoData } from "../seed/demo.ts";

const DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${flag} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  // pnpm 12 forwards the `--` of `pnpm db:seed -- --runs 100` verbatim; it means nothing here.
  const args = process.argv.slice(2).filter((arg) => arg !== "--");
  const { values } = parseArgs({ args, options: { runs: { type: "string" }, threads: { type: "string" } } });
  const opts = { runs: count(values.runs, "--runs"), threads: count(values.threads, "--threads") };

  const connectionString = process.env.DATABASE_URL ?? DEFAULT_URL;
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
  try {
    const before = await prisma.run.count();
    const started = performance.now();
    const counts = await seedDemoData(prisma, opts);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const verb = before > 0 ? "Already seeded, nothing inserted" : `Seeded in ${seconds}s`;
    console.log(`${verb}: ${counts.assistants} assistants, ${counts.threads} threads, ${counts.runs} runs`);
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((err: unknown) => {
  // P2021 "table does not exist": the usual first-time mistake, so name the fix.
  if ((err as { code?: unknown }).code === "P2021") {
    console.error("db:seed failed: the database has no Runboard tables yet; run `pnpm db:migrate` first");
  } else {
    console.error(`db:seed failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  process.exitCode = 1;
});
