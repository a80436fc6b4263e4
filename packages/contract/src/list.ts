import { z } from "zod";
import { LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX } from "./limits.ts";
import { hasUnstorable, metadataValueSchema } from "./metadata.ts";
import { idSchema, RUN_STATUSES, runSchema, runStatusSchema } from "./run.ts";

/** Exact key/value pairs a run's metadata must contain. */
export const metadataFilterSchema = z
  .record(
    z
      .string()
      .min(1, "metadata filter keys must not be empty")
      // As for stored keys: PostgreSQL cannot compare such text, so it is a 422, not a database error.
      .refine((key) => !hasUnstorable(key), {
        message: "metadata filter keys must not contain a NUL character or an unpaired surrogate",
        params: { type: "invalid_string" },
      }),
    metadataValueSchema,
  )
  .refine((filter) => Object.keys(filter).length <= 16, "at most 16 metadata filters");

export const listRunsInputSchema = z
  .strictObject({
    thread_id: idSchema.optional(),
    status: z
      .union([runStatusSchema, z.array(runStatusSchema).min(1).max(RUN_STATUSES.length)], {
        error: `status must be one of ${RUN_STATUSES.join(", ")}, or a list of them`,
      })
      .optional(),
    assistant_id: idSchema.optional(),
    metadata: metadataFilterSchema.optional(),
    limit: z
      .number()
      .int("limit must be a whole number")
      .min(1, "limit must be between 1 and 100")
      .max(LIST_LIMIT_MAX, "limit must be between 1 and 100")
      .default(LIST_LIMIT_DEFAULT),
    order: z.enum(["asc", "desc"]).default("desc"),
    after: idSchema.optional(),
    before: idSchema.optional(),
  })
  .refine((input) => !(input.after && input.before), {
    message: "use either after or before, not both",
    path: ["before"],
  });
export type ListRunsInput = z.input<typeof listRunsInputSchema>;
export type ListRunsQuery = z.output<typeof listRunsInputSchema>;

/** OpenAI's list envelope around runs. */
export const runListSchema = z.object({
  object: z.literal("list"),
  data: z.array(runSchema),
  first_id: z.string().nullable(),
  last_id: z.string().nullable(),
  has_more: z.boolean(),
});
export type RunList = z.infer<typeof runListSchema>;
