import type { Principal } from "@runboard/contract";
import { createSavedViewInputSchema, savedViewRefSchema, savedViewSchema } from "@runboard/contract";
import { z } from "zod";
import { mutation, query } from "./define.ts";

/** The `operator` permission admits users only; this narrows the type to say so. */
function operatorOf(principal: Principal): Extract<Principal, { type: "user" }> {
  if (principal.type !== "user") throw new Error("the operator permission admits signed-in operators only");
  return principal;
}

export const listViews = query({
  description: "The caller's saved runs-list views and everyone's shared ones, by name.",
  permission: "operator",
  input: undefined,
  output: z.array(savedViewSchema),
  handler: ({ ctx }) => ctx.runService.savedViews.list(operatorOf(ctx.principal).id),
});

export const createView = mutation({
  description: "Saves the runs list's filters and order under a name, private or shared with everyone.",
  permission: "operator",
  input: createSavedViewInputSchema,
  output: savedViewSchema,
  handler: ({ ctx, input }) => ctx.runService.savedViews.create(operatorOf(ctx.principal).id, input),
});

export const deleteView = mutation({
  description: "Deletes one of the caller's views (an admin may also delete a shared one).",
  permission: "operator",
  input: savedViewRefSchema,
  output: z.object({ id: z.string(), deleted: z.literal(true) }),
  handler: ({ ctx, input }) => {
    const operator = operatorOf(ctx.principal);
    return ctx.runService.savedViews.delete(operator.id, input.id, operator.role === "admin");
  },
});
