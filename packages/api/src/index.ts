export { InvalidCursorError, MetadataLimitError, RunboardValidationError, RunNotFoundError } from "./errors.ts";
export { noRunChanges, type RunChange, type RunChangeSource } from "./live/changes.ts";
export { type AppRouter, appRouter, createCaller } from "./root.ts";
export { type ExportRunsOptions, exportRuns } from "./run/export.ts";
export { type ImportRejection, type ImportResult, importRuns, type ParsedRun, parseImportedRun } from "./run/import.ts";
export { type RunRow, toWireRun } from "./run/row.ts";
export { createRunService, type RunService } from "./run/service.ts";
export { type Context, createTRPCContext, validationDetail } from "./trpc.ts";
