export type { AppRouter } from "@runboard/api";
export type {
  Actor,
  ActorType,
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
} from "@runboard/contract";
export {
  METADATA_KEY_MAX_LENGTH,
  METADATA_MAX_KEYS,
  METADATA_VALUE_MAX_LENGTH,
  RUN_STATUSES,
} from "@runboard/contract";
export { TRPCClientError } from "@trpc/client";
export { createRunboardClient, type RunboardClient, type RunboardClientOptions } from "./client.ts";
export {
  httpStatusOf,
  isNotFoundError,
  trpcErrorCodeOf,
  validationDetailOf,
  versionConflictOf,
} from "./errors.ts";
