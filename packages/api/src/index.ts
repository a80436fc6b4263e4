export * from "./auth/index.ts";
export {
  domainErrorOf,
  ERROR_TABLE,
  type ErrorComponent,
  type ErrorRow,
  errorRowOf,
  etagOf,
  INVALID_CONTENT_TYPE,
  openAICodeOf,
  validationDetail,
} from "./error-table.ts";
export {
  AccountConflictError,
  AccountError,
  AccountNotFoundError,
  AuthenticationRequiredError,
  DatabaseUnavailableError,
  DomainError,
  type DomainErrorName,
  InvalidCursorError,
  MetadataLimitError,
  PermissionDeniedError,
  RunboardValidationError,
  RunNotFoundError,
  RunVersionConflictError,
} from "./errors.ts";
export { noRunChanges, RUN_CHANGES_CHANNEL, type RunChange, type RunChangeSource } from "./live/changes.ts";
export {
  type AuthorizedContext,
  authorizeContext,
  type Context,
  createContext,
  createContext as createTRPCContext,
} from "./operations/context.ts";
export type { AnyOperation, Conditions, Operation, OperationKind, RestBinding } from "./operations/define.ts";
export { type OperationEntry, type Operations, operationEntries, operations } from "./operations/index.ts";
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
export { databaseUnavailableError, toTRPCError } from "./trpc/errors.ts";
export type { ProcedureMeta } from "./trpc/init.ts";
export { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "./unavailable.ts";
