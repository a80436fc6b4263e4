import type { ListRunsQuery, MetadataPatch, Run, RunHistory, RunHistoryQuery, RunList } from "@runboard/contract";
import { Prisma, type PrismaClient, type SqlRunner, sqlRunnerFor } from "@runboard/db";
import { RunNotFoundError } from "../errors.ts";
import { listRunHistory } from "./history.ts";
import { listRuns } from "./list.ts";
import { type ModifyMetadataOptions, modifyRunMetadata } from "./modify.ts";
import { RUN_COLUMNS, type RunRow, toWireRun } from "./row.ts";

export interface RunServiceDeps {
  prisma: PrismaClient;
  /** How statements are sent; by default straight to the client's `pg` pool (see `sqlRunnerFor`). */
  sql?: SqlRunner;
}

/** The domain operations on runs; every surface (tRPC, REST, CLI) is a thin adapter over these. */
export function createRunService({ prisma, sql = sqlRunnerFor(prisma) }: RunServiceDeps) {
  return {
    async get(threadId: string, runId: string): Promise<Run> {
      const rows = await sql<RunRow>(Prisma.sql`
        SELECT ${RUN_COLUMNS} FROM runs WHERE id = ${runId} AND thread_id = ${threadId}`);
      if (!rows[0]) throw new RunNotFoundError(threadId, runId);
      return toWireRun(rows[0]);
    },

    list(query: ListRunsQuery): Promise<RunList> {
      return listRuns(sql, query);
    },

    /**
     * Merges the patch into the run's metadata; `options` names who is changing it and through
     * which surface (recorded in the run's history) and, optionally, the version(s) it must be at.
     */
    async modifyMetadata(
      threadId: string,
      runId: string,
      patch: MetadataPatch,
      options: ModifyMetadataOptions,
    ): Promise<Run> {
      return toWireRun(await modifyRunMetadata(sql, threadId, runId, patch, options));
    },

    history(query: RunHistoryQuery): Promise<RunHistory> {
      return listRunHistory(sql, query);
    },
  };
}

export type RunService = ReturnType<typeof createRunService>;
