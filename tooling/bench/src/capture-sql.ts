import { createRunService, notifyingChangeSink } from "@runboard/api";
import { createPrismaClient, sqlRunnerFor } from "@runboard/db";

export interface Statement {
  text: string;
  values: unknown[];
}

export type RunService = ReturnType<typeof createRunService>;

/**
 * A run service whose every SQL statement is also recorded: the service is given a runner that
 * notes each statement (its rendered `$n` text and its parameters) before sending it as usual.
 */
export function capturingRunService(databaseUrl: string) {
  const prisma = createPrismaClient(databaseUrl);
  const statements: Statement[] = [];
  const send = sqlRunnerFor(prisma);
  const service = createRunService({
    prisma,
    changes: notifyingChangeSink(prisma),
    sql: (statement) => {
      statements.push({ text: statement.text, values: statement.values });
      return send(statement);
    },
  });
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
