import { operations } from "./operations/index.ts";
import { t } from "./trpc/init.ts";
import { proceduresOf } from "./trpc/procedures.ts";

/** The tRPC router: every operation of the table, at its path. */
export const appRouter = t.router(proceduresOf(operations));

export type AppRouter = typeof appRouter;

/** In-process calls (tests, server components): `createCaller(createTRPCContext(deps))`. */
export const createCaller = t.createCallerFactory(appRouter);
