import { type AnyOperation, type Conditions, type RestBinding, RunboardValidationError } from "@runboard/api";
import { toValidationDetail, type ValidationDetail } from "@runboard/contract";
import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import { parseIfMatch } from "./preconditions.ts";

// A REST request's input, checked with the operation's own schema; the binding says where each
// field comes from (path, query or body), which is what a 422's `loc` reports. Every problem is
// reported at once, path first. zod 4 leaves the input out of its issues unless asked, and without
// it the contract's toValidationDetail cannot tell a wrong type from a missing value.
const PARSE = { reportInput: true } as const;

type Source = "path" | "query" | "body";

/** Whether a field's schema (under its default/optional wrappers) takes a number. */
function takesNumber(schema: z.ZodType | undefined): boolean {
  let def = schema?._zod.def as { type: string; innerType?: z.ZodType } | undefined;
  while (def?.innerType) def = def.innerType._zod.def as typeof def;
  return def?.type === "number";
}

/** Query strings carry text; a number-looking value of a number field becomes a number, anything else stays as sent. */
function queryValue(raw: unknown, numeric: boolean): unknown {
  if (!numeric || typeof raw !== "string" || raw.trim() === "") return raw;
  const value = Number(raw);
  return Number.isFinite(value) ? value : raw;
}

export interface RestInput {
  input: unknown;
  conditions: Conditions;
}

/** Where each input field of a binding comes from, worked out once per route. */
interface Plan {
  schema: z.ZodObject;
  sources: ReadonlyMap<string, Source>;
  params: readonly string[];
  /** Accepted query parameters and whether each takes a number; null: the route reads no query. */
  query: ReadonlyMap<string, boolean> | null;
}

function planOf(operation: AnyOperation, binding: RestBinding): Plan {
  const schema = operation.input as z.ZodObject;
  const sources = new Map<string, Source>();
  const params = Object.keys(binding.params);
  for (const name of params) sources.set(name, "path");
  const query = binding.query
    ? new Map(Object.keys(binding.query).map((name) => [name, takesNumber(schema.shape[name])]))
    : null;
  for (const name of query?.keys() ?? []) sources.set(name, "query");
  for (const name of Object.keys(binding.body?.schema.shape ?? {})) sources.set(name, "body");
  return { schema, sources, params, query };
}

/** The parser of one route's input: the operation's input from a request, or a RunboardValidationError naming every problem. */
export function restInputParser(operation: AnyOperation, binding: RestBinding) {
  const { schema, sources, params, query } = planOf(operation, binding);
  return function parseRestInput(request: FastifyRequest): RestInput {
    const raw: Record<string, unknown> = {};
    const given = request.params as Record<string, unknown>;
    for (const name of params) raw[name] = given[name];
    const unknownQuery: ValidationDetail[] = [];
    if (query) {
      const sent = (request.query ?? {}) as Record<string, unknown>;
      for (const [name, numeric] of query) {
        if (sent[name] !== undefined) raw[name] = queryValue(sent[name], numeric);
      }
      for (const key of Object.keys(sent)) {
        if (!query.has(key)) {
          unknownQuery.push({
            loc: ["query", key],
            msg: `unknown query parameter '${key}'`,
            type: "unrecognized_keys",
          });
        }
      }
    }

    // The body is checked with its own schema first, so that its problems are reported at the body.
    const bodyDetail: ValidationDetail[] = [];
    let bodyFailed = false;
    if (binding.body) {
      // An absent body and an empty one (see the JSON parser) get one clear message, not zod's.
      if (request.body === undefined) {
        bodyFailed = true;
        bodyDetail.push({ loc: ["body"], msg: binding.body.missing, type: "missing" });
      } else {
        const body = binding.body.schema.safeParse(request.body, PARSE);
        if (body.success) Object.assign(raw, body.data);
        else {
          bodyFailed = true;
          bodyDetail.push(...toValidationDetail(body.error.issues, ["body"]));
        }
      }
    }

    const parsed = schema.safeParse(raw, PARSE);
    const detail = (parsed.error?.issues ?? []).flatMap((issue) => {
      const source = sources.get(String(issue.path[0])) ?? "body";
      // A body that failed its own check was reported above; its fields are missing here.
      return source === "body" && bodyFailed ? [] : toValidationDetail([issue], [source]);
    });
    detail.push(...unknownQuery);
    const conditions: Conditions = {};
    if (binding.ifMatch !== undefined) {
      const condition = parseIfMatch(request.headers["if-match"]);
      if ("detail" in condition) detail.push(condition.detail);
      else if (condition.versions) conditions.ifMatch = condition.versions;
    }
    detail.push(...bodyDetail);
    if (detail.length > 0 || !parsed.success) throw new RunboardValidationError(detail);
    return { input: parsed.data, conditions };
  };
}
