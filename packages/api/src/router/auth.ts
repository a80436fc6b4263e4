import { createTRPCRouter, viewerProcedure } from "../trpc.ts";

export const authRouter = createTRPCRouter({
  /** Who the caller is: an operator (with role) or an API key (with scope). */
  me: viewerProcedure.query(({ ctx }) => ctx.principal),
});
