import { z } from "zod";
import { LIST_LIMIT_MAX, VERSION_MAX } from "./limits.ts";
import { metadataSchema } from "./metadata.ts";
import { idSchema } from "./run.ts";

/**
 * Who made a change. `anonymous` is only in revisions written before sign-in existed; `user` and `api_key` are
 * for signed-in operators and services, `system` for Runboard's own changes.
 */
export const ACTOR_TYPES = ["anonymous", "user", "api_key", "system"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** Which surface a change came through. */
export const SURFACES = ["trpc", "rest", "dashboard", "import", "cli"] as const;
export type Surface = (typeof SURFACES)[number];

/**
 * The request header a tRPC client sets to say which surface it is (the dashboard sends
 * `dashboard`). A label for the history, not a permission; the server accepts only known values.
 */
export const SURFACE_HEADER = "x-runboard-surface";

/** The actor of a change: `id` is a user or API key id, `label` what to show for it (a name). */
export const actorSchema = z.object({
  type: z.enum(ACTOR_TYPES),
  id: z.string().nullable(),
  label: z.string().nullable(),
});
export type Actor = z.infer<typeof actorSchema>;

/** The actor of revisions written before sign-in existed (and of in-process calls with no caller). */
export const ANONYMOUS_ACTOR: Actor = Object.freeze({ type: "anonymous", id: null, label: null });

/** One stored metadata change of a run, in the wire shape (snake_case, Unix seconds). */
export const runRevisionSchema = z.object({
  object: z.literal("thread.run.revision"),
  run_id: z.string(),
  thread_id: z.string(),
  /** The run's version after this change. */
  version: z.number().int().min(2),
  created_at: z.number().int(),
  actor: actorSchema,
  surface: z.enum(SURFACES),
  metadata_before: metadataSchema,
  metadata_after: metadataSchema,
});
export type RunRevision = z.infer<typeof runRevisionSchema>;

export const HISTORY_LIMIT_DEFAULT = 20;

/** `run.history`'s input: newest first; `before_version` continues from a previous page. */
export const runHistoryInputSchema = z.strictObject({
  thread_id: idSchema,
  run_id: idSchema,
  limit: z
    .number()
    .int("limit must be a whole number")
    .min(1, `limit must be between 1 and ${LIST_LIMIT_MAX}`)
    .max(LIST_LIMIT_MAX, `limit must be between 1 and ${LIST_LIMIT_MAX}`)
    .default(HISTORY_LIMIT_DEFAULT),
  before_version: z
    .number()
    .int("before_version must be a whole number")
    .min(1, "before_version must be at least 1")
    .max(VERSION_MAX, "before_version is larger than any version a run can have")
    .optional(),
});
export type RunHistoryInput = z.input<typeof runHistoryInputSchema>;
export type RunHistoryQuery = z.output<typeof runHistoryInputSchema>;

/** A page of revisions, newest first; page on with `before_version` = the last item's version. */
export const runHistorySchema = z.object({
  object: z.literal("list"),
  data: z.array(runRevisionSchema),
  has_more: z.boolean(),
});
export type RunHistory = z.infer<typeof runHistorySchema>;
