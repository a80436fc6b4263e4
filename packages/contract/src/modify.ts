import { z } from "zod";
import { VERSION_MAX } from "./limits.ts";
import { metadataPatchSchema } from "./metadata.ts";
import { idSchema } from "./run.ts";

/** The body of Modify Run: only metadata can be changed. */
export const modifyRunBodySchema = z.strictObject({ metadata: metadataPatchSchema });
export type ModifyRunBody = z.infer<typeof modifyRunBodySchema>;

/** A run version as a client sends it back: the `version` of the Run it read. */
export const runVersionSchema = z
  .number({ error: "expected_version must be a run's version number" })
  .int("expected_version must be a whole number")
  .min(1, "expected_version must be at least 1")
  .max(VERSION_MAX, "expected_version is larger than any version a run can have");

/**
 * `run.modify`'s input: the run's address plus the Modify Run body, and optionally the version the
 * caller last saw. With it, the change is applied only if the run is still at that version
 * (optimistic concurrency); otherwise the call fails with CONFLICT and the current run.
 */
export const modifyRunInputSchema = z.strictObject({
  thread_id: idSchema,
  run_id: idSchema,
  metadata: metadataPatchSchema,
  expected_version: runVersionSchema.optional(),
});
export type ModifyRunInput = z.infer<typeof modifyRunInputSchema>;
