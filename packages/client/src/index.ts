// The wire types and the router's type come from src/generated/router.ts (plain TypeScript made
// from the server's AppRouter and the contract), so the built package needs no Runboard source.

export { TRPCClientError } from "@trpc/client";
export { createRunboardClient, type RunboardClient, type RunboardClientOptions } from "./client.ts";
export {
  httpStatusOf,
  isNotFoundError,
  trpcErrorCodeOf,
  validationDetailOf,
  versionConflictOf,
} from "./errors.ts";
export type {
  Actor,
  ActorType,
  AppRouter,
  ErrorShape,
  LastError,
  ListRunsInput,
  Metadata,
  MetadataPatch,
  ModifyRunInput,
  RequiredAction,
  Run,
  RunHistory,
  RunHistoryInput,
  RunList,
  RunRef,
  RunRevision,
  RunStatus,
  Surface,
  Tool,
  ToolCall,
  ValidationDetail,
} from "./generated/router.ts";
export {
  METADATA_KEY_MAX_LENGTH,
  METADATA_MAX_KEYS,
  METADATA_VALUE_MAX_LENGTH,
  RUN_STATUSES,
} from "./generated/router.ts";
