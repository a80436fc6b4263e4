import {
  createApiKeyInputSchema,
  createUserInputSchema,
  revokeApiKeyInputSchema,
  setUserRoleInputSchema,
} from "@runboard/contract";
import { TRPCError } from "@trpc/server";
import type { AccountService } from "../auth/accounts.ts";
import { adminProcedure, type Context, createTRPCRouter } from "../trpc.ts";

function accounts(ctx: Context): AccountService {
  if (!ctx.accounts) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Accounts are not configured." });
  return ctx.accounts;
}

/** Users and API keys; admins only. */
export const adminRouter = createTRPCRouter({
  users: createTRPCRouter({
    list: adminProcedure.query(({ ctx }) => accounts(ctx).listUsers()),
    create: adminProcedure.input(createUserInputSchema).mutation(({ ctx, input }) => accounts(ctx).createUser(input)),
    setRole: adminProcedure
      .input(setUserRoleInputSchema)
      .mutation(({ ctx, input }) => accounts(ctx).setRole(input.user_id, input.role)),
  }),
  apiKeys: createTRPCRouter({
    list: adminProcedure.query(({ ctx }) => accounts(ctx).listKeys()),
    create: adminProcedure
      .input(createApiKeyInputSchema)
      .mutation(({ ctx, input }) => accounts(ctx).createKey(ctx.principal.id, input)),
    revoke: adminProcedure
      .input(revokeApiKeyInputSchema)
      .mutation(({ ctx, input }) => accounts(ctx).revokeKey(input.id)),
  }),
});
