// Type-level checks, run by `pnpm typecheck`: the client's generated AppRouter (what the published
// package declares) is the server's AppRouter as a client sees it, procedure by procedure.
import type { AppRouter as ServerRouter } from "@runboard/api";
import type { inferRouterError, inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "../src/generated/router.ts";
import { createRunboardClient } from "../src/index.ts";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Kinds<R> = { [K in keyof R]: R[K] extends { _def: { procedure: true; type: infer T } } ? T : Kinds<R[K]> };

export const inputs: Same<inferRouterInputs<AppRouter>, inferRouterInputs<ServerRouter>> = true;
export const outputs: Same<inferRouterOutputs<AppRouter>, inferRouterOutputs<ServerRouter>> = true;
export const errors: Same<inferRouterError<AppRouter>, inferRouterError<ServerRouter>> = true;
export const kinds: Same<Kinds<AppRouter["_def"]["record"]>, Kinds<ServerRouter["_def"]["record"]>> = true;

// Not any: a misspelt input field and a wrong output use are type errors.
export async function misuse() {
  const client = createRunboardClient({ url: "http://127.0.0.1:3000" });
  // @ts-expect-error run_idd is not an input field of run.get
  await client.run.get.query({ thread_id: "thread_a", run_idd: "run_a" });
  const run = await client.run.get.query({ thread_id: "thread_a", run_id: "run_a" });
  // @ts-expect-error created_at is a number (Unix seconds)
  run.created_at.toUpperCase();
}
