// The one list of the `runs` columns that Runboard reads and writes. Every statement over runs
// (get, list, modify, import, export) is built from it, the row type is checked against it
// (row.ts), and the bench's baseline imports it: a new column is added here, once.
// Plain strings, no Prisma, so that code outside the service (the bench) can import it.

interface RunColumn {
  name: string;
  /** How a statement reads it, when not by its bare name (an enum is read as text). */
  select?: string;
  /** Its type in an import's `jsonb_to_recordset`. Absent: the store sets it, an import never does. */
  input?: string;
  /** Stored as timestamptz; Unix seconds on the wire (and in an import's input). */
  timestamp?: true;
  /** What a stored NULL is on the wire, as SQL: an import compares it so. */
  nullIs?: string;
  /** Part of the run's address: an import never changes it on a stored run. */
  key?: true;
}

export const RUN_COLUMNS = [
  { name: "id", input: "text", key: true },
  { name: "thread_id", input: "text", key: true },
  { name: "assistant_id", input: "text" },
  { name: "status", select: "status::text AS status", input: "run_status" },
  { name: "required_action", input: "jsonb" },
  { name: "last_error", input: "jsonb" },
  { name: "created_at", input: "bigint", timestamp: true },
  { name: "expires_at", input: "bigint", timestamp: true },
  { name: "started_at", input: "bigint", timestamp: true },
  { name: "cancelled_at", input: "bigint", timestamp: true },
  { name: "failed_at", input: "bigint", timestamp: true },
  { name: "completed_at", input: "bigint", timestamp: true },
  { name: "model", input: "text" },
  { name: "instructions", input: "text" },
  { name: "tools", input: "jsonb" },
  { name: "file_ids", input: "text[]", nullIs: "'{}'" },
  { name: "metadata", input: "jsonb" },
  { name: "version" },
] as const satisfies readonly RunColumn[];

export type RunColumnDefinition = (typeof RUN_COLUMNS)[number];
export type RunColumnName = RunColumnDefinition["name"];

/** The columns an import writes (all but what the store keeps itself). */
export const IMPORTED_RUN_COLUMNS = RUN_COLUMNS.filter(
  (column): column is Extract<RunColumnDefinition, { input: string }> => "input" in column,
);

export type ImportedRunColumnName = (typeof IMPORTED_RUN_COLUMNS)[number]["name"];

/** The columns a metadata modify leaves as they were. */
export const RUN_COLUMNS_KEPT_BY_MODIFY = RUN_COLUMNS.filter(
  (column) => column.name !== "metadata" && column.name !== "version",
);

/** `true` only when `Row` has exactly the columns `Names`: a row type's compile-time check. */
export type HasExactlyColumns<Row, Names extends string> = [keyof Row] extends [Names]
  ? [Names] extends [keyof Row]
    ? true
    : false
  : false;

/** "a, b, c", each name prefixed by `alias.` when one is given. */
export function columnNames(columns: readonly RunColumnDefinition[], alias?: string): string {
  return columns.map((column) => (alias ? `${alias}.${column.name}` : column.name)).join(", ");
}

/** What every run query selects, in the shape `toWireRun` reads. */
export const RUN_SELECT_LIST = RUN_COLUMNS.map((column) => ("select" in column ? column.select : column.name)).join(
  ", ",
);
