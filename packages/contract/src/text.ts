import { z } from "zod";
import { checkText, describe } from "./metadata.ts";

/**
 * A string the client writes and Runboard stores: at most `max` characters (code points, as
 * PostgreSQL counts them), nothing jsonb cannot hold. Over the limit is a 422, never a truncation.
 */
export function textSchema(max: number, what: string) {
  return z
    .string({ error: (issue) => `${what} must be a string, got ${describe(issue.input)}` })
    .superRefine((value, ctx) => checkText(value, max, what, ctx));
}
