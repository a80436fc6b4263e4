import { liveRouter } from "./router/live.ts";
import { runRouter } from "./router/run.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  run: runRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;

/** In-process calls (tests, server components): `createCaller(createTRPCContext(deps))`. */
export const createCaller = createCallerFactory(appRouter);
