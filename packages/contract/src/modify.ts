import { z } from "zod";
import { metadataPatchSchema } from "./metadata.ts";
import { idSchema } from "./run.ts";

/** The body of Modify Run: only metadata can be changed. */
export const modifyRunBodySchema = z.strictObject({ metadata: metadataPatchSchema });
export type ModifyRunBody = z.infer<typeof modifyRunBodySchema>;

/** `run.modify`'s input: the run's address plus the Modify Run body. */
export const modifyRunInputSchema = z.strictObject({
  thread_id: idSchema,
  run_id: idSchema,
  metadata: metadataPatchSchema,
});
export type ModifyRunInput = z.infer<typeof modifyRunInputSchema>;
