import { isDeepStrictEqual } from "node:util";
import { capturingRunService, normalizeSql, type Statement } from "./capture-sql.ts";
import type { RunRef } from "./scenarios.ts";
import { GET_RUN, type ListFilter, listFirstPage, MODIFY_RUN, modifyParameters } from "./sql.ts";

// The baseline's statements are copies (./sql.ts). Before a run is timed, the run service renders
// each statement the bench exercises and the copy must match it, text and parameters: a baseline
// running other SQL would make every ratio meaningless, and the service changes often.

function compare(name: string, service: Statement | undefined, copy: Statement): string | null {
  if (!service) return `${name}: the service sent no statement`;
  if (normalizeSql(service.text) !== normalizeSql(copy.text)) {
    return `${name}: the SQL differs.\n  service: ${normalizeSql(service.text)}\n  copy:    ${normalizeSql(copy.text)}`;
  }
  if (!isDeepStrictEqual(service.values, copy.values)) {
    return `${name}: the parameters differ.\n  service: ${JSON.stringify(service.values)}\n  copy:    ${JSON.stringify(copy.values)}`;
  }
  return null;
}

const LISTS: ListFilter[] = [
  { status: "failed", limit: 20 },
  { status: ["failed", "expired"], limit: 20 },
  { status: ["failed", "expired"], metadata: { env: "prod" }, limit: 20 },
  { status: ["failed", "failed"], limit: 20 },
  { thread_id: "thread_x", status: ["failed", "expired"], limit: 20 },
  { metadata: { env: "prod" }, limit: 20 },
  { metadata: { env: "prod", team: "payments" }, limit: 20 },
  { assistant_id: "asst_x", metadata: { env: "prod" }, limit: 20 },
  { thread_id: "thread_x", limit: 20 },
];

/** Throws, naming every statement whose copy in ./sql.ts no longer matches the service's. */
export async function checkBaselineSql(databaseUrl: string, ref: RunRef): Promise<void> {
  const capturing = capturingRunService(databaseUrl);
  const problems: string[] = [];
  try {
    const patch = { bench: "sql-check" };
    const actor = { type: "api_key", id: "bench", label: "bench" } as const;
    const origin = { actor, surface: "rest" } as const;
    // Only the statement matters here, not whether the run exists.
    const ignore = () => undefined;
    const [modify] = await capturing.capture((s) =>
      s.modifyMetadata(ref.thread_id, ref.run_id, patch, origin).catch(ignore),
    );
    problems.push(
      compare("modify", modify, {
        text: MODIFY_RUN,
        values: modifyParameters(ref.thread_id, ref.run_id, patch, "rest", actor),
      }) ?? "",
    );
    const [get] = await capturing.capture((s) => s.get(ref.thread_id, ref.run_id).catch(ignore));
    problems.push(compare("get", get, { text: GET_RUN, values: [ref.run_id, ref.thread_id] }) ?? "");
    for (const filter of LISTS) {
      const [list] = await capturing.capture((s) => s.list({ order: "desc", ...filter }));
      problems.push(compare(`list ${JSON.stringify(filter)}`, list, listFirstPage(filter)) ?? "");
    }
  } finally {
    await capturing.close();
  }
  const found = problems.filter(Boolean);
  if (found.length > 0) {
    throw new Error(
      `tooling/bench/src/sql.ts no longer matches the run service; copy the service's statements again:\n${found.join("\n")}`,
    );
  }
}
