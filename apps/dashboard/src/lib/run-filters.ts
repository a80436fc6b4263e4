import { type ListRunsInput, RUN_STATUSES, type RunStatus } from "@runboard/contract";

/** The list view's state, as it lives in the URL so a view can be shared and survives a reload. */
export interface RunFilters {
  status: RunStatus[];
  thread: string;
  assistant: string;
  /** `key=value` pairs, matched exactly. */
  meta: string[];
  /** By created time: newest first (the default) or oldest first. */
  order: "desc" | "asc";
  after?: string;
  before?: string;
}

export type SearchParams = Record<string, string | string[] | undefined>;

const all = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const one = (value: string | string[] | undefined): string => all(value)[0]?.trim() ?? "";

export function parseFilters(params: SearchParams): RunFilters {
  const statuses = all(params.status).flatMap((s) => s.split(","));
  return {
    status: RUN_STATUSES.filter((s) => statuses.includes(s)),
    thread: one(params.thread),
    assistant: one(params.assistant),
    meta: all(params.meta).filter((m) => m.includes("=")),
    order: one(params.order) === "asc" ? "asc" : "desc",
    after: one(params.after) || undefined,
    before: one(params.before) || undefined,
  };
}

export function filtersToQuery(filters: RunFilters): string {
  const query = new URLSearchParams();
  for (const s of filters.status) query.append("status", s);
  if (filters.thread) query.set("thread", filters.thread);
  if (filters.assistant) query.set("assistant", filters.assistant);
  for (const m of filters.meta) query.append("meta", m);
  if (filters.order === "asc") query.set("order", "asc");
  if (filters.after) query.set("after", filters.after);
  if (filters.before) query.set("before", filters.before);
  const text = query.toString();
  return text ? `?${text}` : "";
}

/** Splits `key=value` at the first `=`: values may contain `=`, keys may not. */
export function parseMetaPair(pair: string): [string, string] | null {
  const at = pair.indexOf("=");
  if (at <= 0) return null;
  return [pair.slice(0, at).trim(), pair.slice(at + 1)];
}

export const PAGE_SIZE = 25;

export function toListInput(filters: RunFilters): ListRunsInput {
  const metadata = Object.fromEntries(filters.meta.map(parseMetaPair).filter((p): p is [string, string] => p !== null));
  return {
    limit: PAGE_SIZE,
    ...(filters.status.length > 0 ? { status: filters.status } : {}),
    ...(filters.thread ? { thread_id: filters.thread } : {}),
    ...(filters.assistant ? { assistant_id: filters.assistant } : {}),
    ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    ...(filters.order === "asc" ? { order: "asc" as const } : {}),
    ...(filters.after ? { after: filters.after } : {}),
    ...(filters.before ? { before: filters.before } : {}),
  };
}
