import { createRunService } from "@runboard/api";
import { createPrismaClient, type PrismaClient } from "@runboard/db";

export interface Statement {
  text: string;
  values: unknown[];
}

export type RunService = ReturnType<typeof createRunService>;

/**
 * A run service whose every SQL statement is also recorded: the service is given a Prisma client
 * extended to note each `$queryRaw` (its rendered `$n` text and its parameters) before sending it.
 */
export function capturingRunService(databaseUrl: string) {
  const prisma = createPrismaClient(databaseUrl);
  const statements: Statement[] = [];
  const extended = prisma.$extends({
    query: {
      async $queryRaw({ args, query }) {
        const sql = args as unknown as { text: string; values: unknown[] };
        statements.push({ text: sql.text, values: sql.values });
        return query(args);
      },
    },
  });
  // The extended client runs the same queries; only its static type differs from PrismaClient's.
  const service = createRunService({ prisma: extended as unknown as PrismaClient });
  return {
    service,
    /** The statements recorded while `fn` ran. */
    async capture(fn: (service: RunService) => Promise<unknown>): Promise<Statement[]> {
      const from = statements.length;
      await fn(service);
      return statements.slice(from);
    },
    close: () => prisma.$disconnect(),
  };
}

/** Whitespace is layout, not meaning. */
export const normalizeSql = (text: string) => text.replace(/\s+/g, " ").trim();
