export * from "./auth/index.ts";
export {
  AccountError,
  AuthenticationRequiredError,
  InvalidCursorError,
  MetadataLimitError,
  PermissionDeniedError,
  RunboardValidationError,
  RunNotFoundError,
  RunVersionConflictError,
} from "./errors.ts";
export { noRunChanges, RUN_CHANGES_CHANNEL, type RunChange, type RunChangeSource } from "./live/changes.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";
export { type ExportRunsOptions, exportRuns } from "./run/export.ts";
export {
  type ImportedRun,
  type ImportRejection,
  type ImportResult,
  importRuns,
  type ParsedRun,
  parseImportedRun,
} from "./run/import.ts";
export type { ModifyMetadataOptions } from "./run/modify.ts";
export type { ChangeOrigin } from "./run/origin.ts";
export { type RunRow, toWireRun } from "./run/row.ts";
export { createRunService, type RunService } from "./run/service.ts";
export { trpcSurfaceFrom } from "./surface.ts";
export {
  type Context,
  createTRPCContext,
  databaseUnavailableError,
  type ProcedureMeta,
  validationDetail,
} from "./trpc.ts";
export { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "./unavailable.ts";
