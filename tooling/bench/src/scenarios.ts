import type autocannon from "autocannon";

// What each benchmark cell sends. Every request picks the next run of a sample round-robin, so the
// load spreads over thousands of rows; modifies set a value that has never been sent before, so
// each one really changes the run (and bumps its version), as a service annotating runs would.

export type Operation = "modify" | "get" | "list-status" | "list-metadata";
export type Surface = "trpc" | "rest" | "baseline" | "bare";

export interface RunRef {
  thread_id: string;
  run_id: string;
}

export const OPERATIONS: readonly Operation[] = ["modify", "get", "list-status", "list-metadata"];

/**
 * Whether a surface serves an operation (REST's List Runs has no status or metadata filter; the
 * bare baseline only modifies).
 */
export function serves(surface: Surface, op: Operation): boolean {
  if (surface === "bare") return op === "modify";
  return surface !== "rest" || op === "modify" || op === "get";
}

const STATUS_FILTERS = ["failed", "completed", "requires_action", "expired"];
const METADATA_FILTERS: Record<string, string>[] = [
  { env: "prod" },
  { team: "payments" },
  { customer_id: "cus_00042" },
  { env: "staging", region: "eu-west-1" },
];

let modifications = 0;
const JSON_HEADERS = { "content-type": "application/json" };
const trpcQuery = (procedure: string, input: unknown) =>
  `/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`;
const restRunPath = (ref: RunRef) =>
  `/v1/threads/${encodeURIComponent(ref.thread_id)}/runs/${encodeURIComponent(ref.run_id)}`;

function listInput(op: "list-status" | "list-metadata", n: number): Record<string, unknown> {
  return op === "list-status"
    ? { status: STATUS_FILTERS[n % STATUS_FILTERS.length], limit: 20 }
    : { metadata: METADATA_FILTERS[n % METADATA_FILTERS.length], limit: 20 };
}

/**
 * The request number `n` of a cell. `authorization` (an API key) is sent to every server alike, so
 * requests are the same size; the baseline ignores it (see baseline-server.ts).
 */
export function buildRequest(
  surface: Surface,
  op: Operation,
  ref: RunRef,
  n: number,
  authorization?: string,
): autocannon.Request {
  const auth = authorization ? { authorization } : {};
  switch (op) {
    case "modify": {
      const metadata = { bench: `m${++modifications}` };
      const headers = { ...JSON_HEADERS, ...auth };
      return surface === "trpc"
        ? { method: "POST", path: "/api/trpc/run.modify", headers, body: JSON.stringify({ ...ref, metadata }) }
        : { method: "POST", path: restRunPath(ref), headers, body: JSON.stringify({ metadata }) };
    }
    case "get":
      return surface === "trpc"
        ? { method: "GET", path: trpcQuery("run.get", ref), headers: auth }
        : { method: "GET", path: restRunPath(ref), headers: auth };
    default: {
      const input = listInput(op, n);
      const path =
        surface === "trpc" ? trpcQuery("run.list", input) : `/list?input=${encodeURIComponent(JSON.stringify(input))}`;
      return { method: "GET", path, headers: auth };
    }
  }
}

/** autocannon's request list for a cell: one entry whose setupRequest walks the sample. */
export function cellRequests(
  surface: Surface,
  op: Operation,
  sample: readonly RunRef[],
  authorization?: string,
): autocannon.Request[] {
  let n = 0;
  return [
    {
      setupRequest: (request) => {
        const i = n++;
        return { ...request, ...buildRequest(surface, op, sample[i % sample.length] as RunRef, i, authorization) };
      },
    },
  ];
}
