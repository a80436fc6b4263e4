import type { z } from "zod";

/** One validation failure, in the seed's 422 shape (FastAPI/pydantic style). */
export interface ValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** The `type` of a detail item; for metadata these are OpenAI's own error codes. */
export type ValidationType =
  | "invalid_type"
  | "object_above_max_properties"
  | "string_above_max_length"
  | "string_below_min_length"
  | "invalid_string"
  | "unrecognized_keys"
  | "invalid_value"
  | "missing"
  | "number_out_of_range"
  | "invalid_json"
  | "invalid_cursor";

function typeOf(issue: z.core.$ZodIssue): string {
  if (issue.code === "custom") {
    const t = (issue.params as { type?: unknown } | undefined)?.type;
    return typeof t === "string" ? t : "value_error";
  }
  switch (issue.code) {
    case "invalid_type":
      // zod keeps `input` only when asked (reportInput); its message says "received undefined" either way.
      return ("input" in issue ? issue.input === undefined : issue.message.endsWith("received undefined"))
        ? "missing"
        : "invalid_type";
    case "too_big":
      return issue.origin === "string" ? "string_above_max_length" : "number_out_of_range";
    case "too_small":
      return issue.origin === "string" ? "string_below_min_length" : "number_out_of_range";
    case "unrecognized_keys":
      return "unrecognized_keys";
    case "invalid_value":
      return "invalid_value";
    default:
      return issue.code;
  }
}

/**
 * Maps zod issues to detail items. An unknown key is reported at its own location so that the
 * client sees which field it sent by mistake.
 */
export function toValidationDetail(
  issues: readonly z.core.$ZodIssue[],
  locPrefix: readonly (string | number)[] = [],
): ValidationDetail[] {
  const out: ValidationDetail[] = [];
  for (const issue of issues) {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    // A record key that fails its schema: report the key's own problems at the key.
    if (issue.code === "invalid_key") {
      out.push(...toValidationDetail(issue.issues, [...locPrefix, ...path]));
      continue;
    }
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ loc: [...locPrefix, ...path, key], msg: `unknown field '${key}'`, type: "unrecognized_keys" });
      }
      continue;
    }
    out.push({ loc: [...locPrefix, ...path], msg: issue.message, type: typeOf(issue) });
  }
  return out;
}
