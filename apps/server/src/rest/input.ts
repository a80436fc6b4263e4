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

/** The operation's input from a REST request, or a RunboardValidationError naming every problem. */
export function parseRestInput(operation: AnyOperation, binding: RestBinding, request: FastifyRequest): RestInput {
  const schema = operation.input as z.ZodObject;
  const sources = new Map<string, Source>();
  const raw: Record<string, unknown> = {};
  const params = request.params as Record<string, unknown>;
  for (const name of Object.keys(binding.params)) {
    sources.set(name, "path");
    raw[name] = params[name];
  }
  const query = (request.query ?? {}) as Record<string, unknown>;
  const unknownQuery: ValidationDetail[] = [];
  if (binding.query) {
    const accepted = Object.keys(binding.query);
    for (const name of accepted) {
      sources.set(name, "query");
      if (query[name] !== undefined) raw[name] = queryValue(query[name], takesNumber(schema.shape[name]));
    }
    for (const key of Object.keys(query)) {
      if (!accepted.includes(key)) {
        unknownQuery.push({ loc: ["query", key], msg: `unknown query parameter '${key}'`, type: "unrecognized_keys" });
      }
    }
  }

  // The body is checked with its own schema first, so that its problems are reported at the body.
  const bodyDetail: ValidationDetail[] = [];
  let bodyFailed = false;
  if (binding.body) {
    for (const name of Object.keys(binding.body.schema.shape)) sources.set(name, "body");
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
}
