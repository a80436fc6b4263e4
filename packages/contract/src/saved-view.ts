import { z } from "zod";
import { idSchema } from "./run.ts";
import { textSchema } from "./text.ts";

/** The runs list's URL parameters a view keeps (a page cursor is not part of a view). */
export const VIEW_PARAMS = ["status", "thread", "assistant", "meta", "order"] as const;

/** A runs-list query string as the list's URL carries it: `status=failed&meta=env%3Dprod`. */
export const viewQuerySchema = z
  .string()
  .max(2000, "a view's query has at most 2000 characters")
  .transform((query) => query.replace(/^\?/, ""))
  .superRefine((query, ctx) => {
    for (const name of new URLSearchParams(query).keys()) {
      if (!(VIEW_PARAMS as readonly string[]).includes(name)) {
        ctx.addIssue({
          code: "custom",
          message: `a view keeps only ${VIEW_PARAMS.join(", ")}; '${name}' is not one of them`,
          params: { type: "invalid_value" },
        });
      }
    }
  });

export const savedViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The list's query string, without `?`. */
  query: z.string(),
  shared: z.boolean(),
  owner_email: z.string(),
  /** The caller's own view (they may delete it). */
  mine: z.boolean(),
  created_at: z.number().int(),
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const createSavedViewInputSchema = z.strictObject({
  name: textSchema(80, "a view's name").refine((name) => name.trim() !== "", "a view needs a name"),
  query: viewQuerySchema,
  shared: z.boolean().default(false),
});
export type CreateSavedViewInput = z.input<typeof createSavedViewInputSchema>;

export const savedViewRefSchema = z.strictObject({ id: idSchema });
