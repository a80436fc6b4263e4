export {
  createPrismaClient,
  Prisma,
  PrismaClient,
  type PrismaClientOptions,
  poolOf,
  prepared,
  type SqlRunner,
  sqlRunnerFor,
} from "./client.ts";
export {
  type EmbeddedDatabase,
  EmbeddedPostgresError,
  embeddedConnectionString,
  findRunningEmbeddedPostgres,
  startEmbeddedPostgres,
} from "./embedded.ts";
export { applyMigrations, checkDrift, pendingMigrations, pendingMigrationsOf } from "./migrate/index.ts";
export { seedDemoData } from "./seed/demo.ts";
export { mulberry32 } from "./seed/prng.ts";
export { redactUrl } from "./url.ts";
