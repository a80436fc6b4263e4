import { createApiKey, createUser, listApiKeys, listUsers, revokeApiKey, setUserRole } from "./admin.ts";
import { me } from "./auth.ts";
import { type AnyOperation, isOperation } from "./define.ts";
import { runChanges } from "./live.ts";
import { lookupId } from "./lookup.ts";
import { getRun } from "./run/get.ts";
import { runHistory } from "./run/history.ts";
import { listRuns } from "./run/list.ts";
import { metadataKeys, metadataValues } from "./run/metadata-suggestions.ts";
import { modifyRun } from "./run/modify.ts";
import { createView, deleteView, listViews } from "./saved-views.ts";

/**
 * Every operation Runboard serves, by its tRPC path: the one place to add one. The tRPC router,
 * the REST routes, the OpenAPI document, the native fast path and the auth tests are built from it.
 */
export const operations = {
  run: { get: getRun, list: listRuns, modify: modifyRun, history: runHistory, metadataKeys, metadataValues },
  lookup: { id: lookupId },
  view: { list: listViews, create: createView, delete: deleteView },
  live: { runChanges },
  auth: { me },
  admin: {
    users: { list: listUsers, create: createUser, setRole: setUserRole },
    apiKeys: { list: listApiKeys, create: createApiKey, revoke: revokeApiKey },
  },
} as const;

export type Operations = typeof operations;

export interface OperationEntry {
  /** The tRPC path, e.g. `run.modify`. */
  path: string;
  operation: AnyOperation;
}

/** The table flattened, in declaration order. */
export function operationEntries(table: object = operations, prefix = ""): OperationEntry[] {
  return Object.entries(table).flatMap(([key, value]) =>
    isOperation(value) ? [{ path: `${prefix}${key}`, operation: value }] : operationEntries(value, `${prefix}${key}.`),
  );
}
