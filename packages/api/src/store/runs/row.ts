import type { LastError, Metadata, RequiredAction, Run, RunStatus, Tool } from "@runboard/contract";
import type { HasExactlyColumns, RunColumnName } from "./columns.ts";

// Free of Prisma, like the registry, so that the bench's baseline maps rows with it too.

/** A run as `RUN_SELECT_LIST` reads it (pg parses timestamptz to Date, jsonb to objects). */
export interface RunRow {
  id: string;
  thread_id: string;
  assistant_id: string;
  status: RunStatus;
  required_action: RequiredAction | null;
  last_error: LastError | null;
  created_at: Date;
  expires_at: Date | null;
  started_at: Date | null;
  cancelled_at: Date | null;
  failed_at: Date | null;
  completed_at: Date | null;
  model: string;
  instructions: string;
  tools: Tool[];
  file_ids: string[] | null;
  metadata: Metadata;
  version: number;
}

// The row has exactly the registry's columns: adding one there without its type here (or the
// other way round) fails to compile.
const rowMatchesRegistry: HasExactlyColumns<RunRow, RunColumnName> = true;
void rowMatchesRegistry;

/** A timestamp as the wire has it: whole seconds since the Unix epoch. */
export function unixSeconds(date: Date): number;
export function unixSeconds(date: Date | null): number | null;
export function unixSeconds(date: Date | null): number | null {
  return date === null ? null : Math.floor(date.getTime() / 1000);
}

/** The database row in the contract's wire shape. */
export function toWireRun(row: RunRow): Run {
  return {
    id: row.id,
    object: "thread.run",
    created_at: unixSeconds(row.created_at),
    thread_id: row.thread_id,
    assistant_id: row.assistant_id,
    status: row.status,
    required_action: row.required_action,
    last_error: row.last_error,
    expires_at: unixSeconds(row.expires_at),
    started_at: unixSeconds(row.started_at),
    cancelled_at: unixSeconds(row.cancelled_at),
    failed_at: unixSeconds(row.failed_at),
    completed_at: unixSeconds(row.completed_at),
    model: row.model,
    instructions: row.instructions,
    tools: row.tools,
    file_ids: row.file_ids ?? [],
    metadata: row.metadata,
    version: row.version,
  };
}
