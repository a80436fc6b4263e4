import { adminRouter } from "./router/admin.ts";
import { authRouter } from "./router/auth.ts";
import { liveRouter } from "./router/live.ts";
import { runRouter } from "./router/run.ts";
import { createCallerFactory, createTRPCRouter } from "./trpc.ts";

export const appRouter = createTRPCRouter({
  run: runRouter,
  live: liveRouter,
  auth: authRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

/** In-process calls (tests, server components): `createCaller(createTRPCContext(deps))`. */
export const createCaller = createCallerFactory(appRouter);
