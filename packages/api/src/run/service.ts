import type {
  ListRunsQuery,
  LookupIdResult,
  MetadataPatch,
  MetadataSuggestions,
  Run,
  RunHistory,
  RunHistoryQuery,
  RunList,
} from "@runboard/contract";
import { Prisma, type PrismaClient, prepared, type SqlRunner, sqlRunnerFor } from "@runboard/db";
import { RunNotFoundError } from "../errors.ts";
import { type RunChangeSink, runChangeOf } from "../store/changes.ts";
import { lookupId } from "../store/lookup.ts";
import { type ExportRunsOptions, exportRuns } from "../store/runs/export.ts";
import { listRunHistory } from "../store/runs/history.ts";
import { type ImportResult, type ImportRunsOptions, importRuns } from "../store/runs/import.ts";
import { listRuns } from "../store/runs/list.ts";
import { type ModifyMetadataOptions, modifyRunMetadata } from "../store/runs/modify.ts";
import { type RunRow, toWireRun } from "../store/runs/row.ts";
import { SELECT_RUN_COLUMNS } from "../store/runs/select.ts";
import { metadataKeys, metadataValues } from "../store/runs/suggest.ts";
import { savedViewStore } from "../store/saved-views.ts";
import type { ImportedRun } from "./imported-run.ts";

export interface RunServiceDeps {
  prisma: PrismaClient;
  /** Where every write reports what it changed, after it committed (see `RunChangeSink`). */
  changes: RunChangeSink;
  /** How statements are sent; by default straight to the client's `pg` pool (see `sqlRunnerFor`). */
  sql?: SqlRunner;
}

/** The domain operations on runs; every surface (tRPC, REST, CLI) is a thin adapter over these. */
export function createRunService({ prisma, changes, sql = sqlRunnerFor(prisma) }: RunServiceDeps) {
  return {
    async get(threadId: string, runId: string): Promise<Run> {
      const rows = await sql<RunRow>(
        prepared(
          "runboard_get_run",
          Prisma.sql`
        SELECT ${SELECT_RUN_COLUMNS} FROM runs WHERE id = ${runId} AND thread_id = ${threadId}`,
        ),
      );
      if (!rows[0]) throw new RunNotFoundError(threadId, runId);
      return toWireRun(rows[0]);
    },

    /** What a pasted id names (a run, a thread or an assistant), for "find by id". */
    lookup(id: string): Promise<LookupIdResult> {
      return lookupId(sql, id);
    },

    /** Operators' saved runs-list views. */
    savedViews: savedViewStore(prisma),

    /** Metadata keys (then a key's values) that runs have, for a filter's suggestions. */
    metadataKeys(prefix: string, limit: number): Promise<MetadataSuggestions> {
      return metadataKeys(sql, prefix, limit);
    },

    metadataValues(key: string, prefix: string, limit: number): Promise<MetadataSuggestions> {
      return metadataValues(sql, key, prefix, limit);
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
      const { row, changed } = await modifyRunMetadata(sql, threadId, runId, patch, options);
      if (changed) await changes.announce([runChangeOf(row, "update")]);
      return toWireRun(row);
    },

    history(query: RunHistoryQuery): Promise<RunHistory> {
      return listRunHistory(sql, query);
    },

    /** Upserts validated wire Runs (see `parseImportedRun`); give about a thousand per call, each call is one statement. */
    importRuns(runs: readonly ImportedRun[], options: ImportRunsOptions = {}): Promise<ImportResult> {
      return importRuns(sql, changes, runs, options);
    },

    /** Every matching run, oldest first, read a batch at a time. */
    exportRuns(options: ExportRunsOptions = {}): AsyncGenerator<Run> {
      return exportRuns(sql, options);
    },
  };
}

export type RunService = ReturnType<typeof createRunService>;
