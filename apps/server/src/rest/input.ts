import { RunboardValidationError } from "@runboard/api";
import {
  type ListRunsQuery,
  listRunsInputSchema,
  type ModifyRunBody,
  modifyRunBodySchema,
  type RunRef,
  runRefSchema,
  toValidationDetail,
  type ValidationDetail,
} from "@runboard/contract";
import { parseIfMatch } from "./preconditions.ts";

// Requests are checked with the contract's own schemas; this file only says where each value came
// from (path, query or body), which is what a 422's `loc` reports. Every problem is reported at
// once, path first. zod 4 leaves the input out of its issues unless asked, and without it the
// contract's toValidationDetail cannot tell a wrong type from a missing value.
const PARSE = { reportInput: true } as const;

/** The query parameters of OpenAI's List Runs; the contract's other list filters are tRPC-only. */
export const LIST_QUERY_PARAMETERS = ["limit", "order", "after", "before"] as const;

function valid<T>(detail: ValidationDetail[], value: T | undefined): T {
  if (detail.length > 0 || value === undefined) throw new RunboardValidationError(detail);
  return value;
}

export function parseRunRef(params: unknown): RunRef {
  const ref = runRefSchema.safeParse(params, PARSE);
  return valid(toValidationDetail(ref.error?.issues ?? [], ["path"]), ref.data);
}

/** Query strings carry text; a number-looking `limit` becomes a number, anything else stays as sent. */
function queryLimit(raw: unknown): unknown {
  if (typeof raw !== "string" || raw.trim() === "") return raw;
  const value = Number(raw);
  return Number.isFinite(value) ? value : raw;
}

export function parseListRuns(threadId: string, query: Record<string, unknown>): ListRunsQuery {
  const input: Record<string, unknown> = { thread_id: threadId };
  for (const key of LIST_QUERY_PARAMETERS) {
    if (query[key] !== undefined) input[key] = key === "limit" ? queryLimit(query[key]) : query[key];
  }
  const parsed = listRunsInputSchema.safeParse(input, PARSE);
  const detail = (parsed.error?.issues ?? []).flatMap((issue) =>
    toValidationDetail([issue], [issue.path[0] === "thread_id" ? "path" : "query"]),
  );
  for (const key of Object.keys(query)) {
    if (!(LIST_QUERY_PARAMETERS as readonly string[]).includes(key)) {
      detail.push({ loc: ["query", key], msg: `unknown query parameter '${key}'`, type: "unrecognized_keys" });
    }
  }
  return valid(detail, parsed.data);
}

/** Modify Run's input: the address, the body, and the versions an If-Match header allows (undefined: any). */
export type ModifyRunRequest = RunRef & ModifyRunBody & { expectedVersions: number[] | undefined };

export function parseModifyRun(
  params: unknown,
  body: unknown,
  ifMatch: string | string[] | undefined,
): ModifyRunRequest {
  const ref = runRefSchema.safeParse(params, PARSE);
  const detail = toValidationDetail(ref.error?.issues ?? [], ["path"]);
  const condition = parseIfMatch(ifMatch);
  if ("detail" in condition) detail.push(condition.detail);
  // An absent body and an empty one (see the JSON parser) get one clear message, not zod's.
  if (body === undefined) {
    detail.push({
      loc: ["body"],
      msg: 'a JSON body is required, such as {"metadata": {"key": "value"}}',
      type: "missing",
    });
    throw new RunboardValidationError(detail);
  }
  const parsed = modifyRunBodySchema.safeParse(body, PARSE);
  detail.push(...toValidationDetail(parsed.error?.issues ?? [], ["body"]));
  const expectedVersions = "versions" in condition ? condition.versions : undefined;
  return valid(detail, ref.data && parsed.data && { ...ref.data, ...parsed.data, expectedVersions });
}
