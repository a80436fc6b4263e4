import type { ListRunsQuery, MetadataPatch, Run, RunList } from "@runboard/contract";
import type { PrismaClient } from "@runboard/db";
import { RunNotFoundError } from "../errors.ts";
import { listRuns } from "./list.ts";
import { modifyRunMetadata } from "./modify.ts";
import { RUN_COLUMNS, type RunRow, toWireRun } from "./row.ts";

export interface RunServiceDeps {
  prisma: PrismaClient;
}

/** The domain operations on runs; every surface (tRPC, REST, CLI) is a thin adapter over these. */
export function createRunService({ prisma }: RunServiceDeps) {
  return {
    async get(threadId: string, runId: string): Promise<Run> {
      const rows = await prisma.$queryRaw<RunRow[]>`
        SELECT ${RUN_COLUMNS} FROM runs WHERE id = ${runId} AND thread_id = ${threadId}`;
      if (!rows[0]) throw new RunNotFoundError(threadId, runId);
      return toWireRun(rows[0]);
    },

    list(query: ListRunsQuery): Promise<RunList> {
      return listRuns(prisma, query);
    },

    async modifyMetadata(threadId: string, runId: string, patch: MetadataPatch): Promise<Run> {
      return toWireRun(await modifyRunMetadata(prisma, threadId, runId, patch));
    },
  };
}

export type RunService = ReturnType<typeof createRunService>;
