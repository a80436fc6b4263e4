import { lookupIdInputSchema, lookupIdResultSchema } from "@runboard/contract";
import { query } from "./define.ts";

export const lookupId = query({
  description: "What an id names — a run (with its thread), a thread or an assistant — or none.",
  permission: "runs:read",
  input: lookupIdInputSchema,
  output: lookupIdResultSchema,
  handler: ({ ctx, input }) => ctx.runService.lookup(input.id),
});
