import { principalSchema } from "@runboard/contract";
import { query } from "./define.ts";

export const me = query({
  description: "Who the caller is: an operator (with role) or an API key (with scope).",
  permission: "runs:read",
  input: undefined,
  output: principalSchema,
  handler: async ({ ctx }) => ctx.principal,
});
