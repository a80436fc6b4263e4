import { z } from "zod";
import { idSchema } from "./run.ts";

/** Any id an operator pastes: a run's, a thread's or an assistant's. */
export const lookupIdInputSchema = z.strictObject({ id: idSchema });
export type LookupIdInput = z.infer<typeof lookupIdInputSchema>;

/** What the id names, with what it takes to open it (a run is addressed under its thread). */
export const lookupIdResultSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("run"), run_id: z.string(), thread_id: z.string() }),
  z.object({ kind: z.literal("thread"), thread_id: z.string() }),
  z.object({ kind: z.literal("assistant"), assistant_id: z.string() }),
  z.object({ kind: z.literal("none"), id: z.string() }),
]);
export type LookupIdResult = z.infer<typeof lookupIdResultSchema>;
