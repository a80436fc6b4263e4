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
export { type ImportedRun, type ParsedRun, parseImportedRun } from "./run/imported-run.ts";
export type { ChangeOrigin } from "./run/origin.ts";
export { createRunService, type RunService, type RunServiceDeps } from "./run/service.ts";
export {
  notifyingChangeSink,
  notifyStatement,
  type RunChangeSink,
} from "./store/changes.ts";
export type { ExportRunsOptions } from "./store/runs/export.ts";
export type { ImportRejection, ImportResult, ImportRunsOptions } from "./store/runs/import.ts";
export type { ModifyMetadataOptions } from "./store/runs/modify.ts";
export { type RunRow, toWireRun } from "./store/runs/row.ts";
export { trpcSurfaceFrom } from "./surface.ts";
export { databaseUnavailableError, toTRPCError } from "./trpc/errors.ts";
export type { ProcedureMeta } from "./trpc/init.ts";
export { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "./unavailable.ts";
