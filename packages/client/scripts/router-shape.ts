// What generate-router-types.ts reads with the TypeScript compiler: the server's router type and
// the wire types the client re-exports. Never imported at run time.
import type { AppRouter } from "@runboard/api";
import type * as contract from "@runboard/contract";

export type Router = AppRouter;

/** Each key becomes an exported type of the same name in src/generated/router.ts. */
export interface WireTypes {
  Actor: contract.Actor;
  ActorType: contract.ActorType;
  LastError: contract.LastError;
  ListRunsInput: contract.ListRunsInput;
  Metadata: contract.Metadata;
  MetadataPatch: contract.MetadataPatch;
  ModifyRunInput: contract.ModifyRunInput;
  RequiredAction: contract.RequiredAction;
  Run: contract.Run;
  RunHistory: contract.RunHistory;
  RunHistoryInput: contract.RunHistoryInput;
  RunList: contract.RunList;
  RunRef: contract.RunRef;
  RunRevision: contract.RunRevision;
  RunStatus: contract.RunStatus;
  Surface: contract.Surface;
  Tool: contract.Tool;
  ToolCall: contract.ToolCall;
  ValidationDetail: contract.ValidationDetail;
}
