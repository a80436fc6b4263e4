import {
  apiKeySummarySchema,
  createApiKeyInputSchema,
  createdApiKeySchema,
  createUserInputSchema,
  revokeApiKeyInputSchema,
  setUserRoleInputSchema,
  userSummarySchema,
} from "@runboard/contract";
import { z } from "zod";
import type { AccountService } from "../auth/accounts.ts";
import type { Context } from "./context.ts";
import { mutation, query } from "./define.ts";

function accounts(ctx: Context): AccountService {
  if (!ctx.accounts) throw new Error("Accounts are not configured.");
  return ctx.accounts;
}

// Users and API keys; admins only.

export const listUsers = query({
  description: "Every operator, with their role.",
  permission: "admin",
  input: undefined,
  output: z.array(userSummarySchema),
  handler: ({ ctx }) => accounts(ctx).listUsers(),
});

export const createUser = mutation({
  description: "Adds an operator with a role and a password.",
  permission: "admin",
  input: createUserInputSchema,
  output: userSummarySchema,
  handler: ({ ctx, input }) => accounts(ctx).createUser(input),
});

export const setUserRole = mutation({
  description: "Changes an operator's role (the last admin stays admin).",
  permission: "admin",
  input: setUserRoleInputSchema,
  output: userSummarySchema,
  handler: ({ ctx, input }) => accounts(ctx).setRole(input.user_id, input.role),
});

export const listApiKeys = query({
  description: "Every API key: name, scope, first characters, last use (never the key).",
  permission: "admin",
  input: undefined,
  output: z.array(apiKeySummarySchema),
  handler: ({ ctx }) => accounts(ctx).listKeys(),
});

export const createApiKey = mutation({
  description: "Creates an API key; the key is in this answer only.",
  permission: "admin",
  input: createApiKeyInputSchema,
  output: createdApiKeySchema,
  handler: ({ ctx, input }) => accounts(ctx).createKey(ctx.principal.id, input),
});

export const revokeApiKey = mutation({
  description: "Disables an API key at once (its row stays, so the history can still name it).",
  permission: "admin",
  input: revokeApiKeyInputSchema,
  output: apiKeySummarySchema,
  handler: ({ ctx, input }) => accounts(ctx).revokeKey(input.id),
});
