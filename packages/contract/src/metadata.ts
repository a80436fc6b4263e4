import { z } from "zod";
import { characterCount, METADATA_KEY_MAX_LENGTH, METADATA_MAX_KEYS, METADATA_VALUE_MAX_LENGTH } from "./limits.ts";

/** Stored metadata: string values only. */
export type Metadata = Record<string, string>;
/** A JSON Merge Patch of metadata: a string sets a key, `null` removes it. */
export type MetadataPatch = Record<string, string | null>;

// PostgreSQL's jsonb cannot hold U+0000 or an unpaired surrogate; reject them up front
// so they become a 422 instead of a database error.
const UNSTORABLE = /\p{Surrogate}/u;
export const hasUnstorable = (text: string): boolean => text.includes("\u0000") || UNSTORABLE.test(text);

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

type Refinement = z.core.$RefinementCtx<string>;

export function checkText(value: string, max: number, what: string, ctx: Refinement): void {
  const length = characterCount(value);
  if (length > max) {
    ctx.addIssue({
      code: "custom",
      message: `${what} is ${length} characters long; at most ${max} are allowed`,
      params: { type: "string_above_max_length" },
    });
  }
  if (hasUnstorable(value)) {
    ctx.addIssue({
      code: "custom",
      message: `${what} contains a NUL character or an unpaired surrogate, which cannot be stored`,
      params: { type: "invalid_string" },
    });
  }
}

// Bidirectional embedding, override and isolate controls reorder how text around them is shown:
// a key "\u202egnp.exe" would read as "exe.png". Keys name things, so a patch may not set one that
// carries them; a key stored before this rule (or by plain SQL) can still be removed and imported.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/u;

export const metadataKeySchema = z.string().superRefine((key, ctx) => {
  if (key.length === 0) {
    ctx.addIssue({
      code: "custom",
      message: "metadata keys must not be empty",
      params: { type: "string_below_min_length" },
    });
    return;
  }
  checkText(key, METADATA_KEY_MAX_LENGTH, "metadata key", ctx);
});

export const metadataValueSchema = z
  .string({ error: (issue) => `metadata values must be strings, got ${describe(issue.input)}` })
  .superRefine((value, ctx) => checkText(value, METADATA_VALUE_MAX_LENGTH, "metadata value", ctx));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks every entry of a metadata object; `allowNull` distinguishes a patch from stored metadata.
 * Issues are placed at the offending key so each surface can name it.
 */
function refineEntries(
  record: Record<string, unknown>,
  ctx: z.core.$RefinementCtx<unknown>,
  allowNull: boolean,
  newKeys: boolean,
) {
  let kept = 0;
  for (const [key, value] of Object.entries(record)) {
    for (const issue of metadataKeySchema.safeParse(key).error?.issues ?? []) {
      ctx.addIssue({
        code: "custom",
        message: issue.message,
        path: [key],
        params: issue.code === "custom" ? issue.params : {},
      });
    }
    if (value === null && allowNull) continue;
    if (newKeys && BIDI_CONTROLS.test(key)) {
      ctx.addIssue({
        code: "custom",
        message:
          "metadata keys must not contain bidirectional control characters (U+202A–U+202E, U+2066–U+2069), which change how text is shown",
        path: [key],
        params: { type: "invalid_string" },
      });
    }
    const parsed = metadataValueSchema.safeParse(value);
    for (const issue of parsed.error?.issues ?? []) {
      const type = issue.code === "custom" ? (issue.params?.type as string) : "invalid_type";
      const message = value === null ? "metadata values must be strings, got null" : issue.message;
      ctx.addIssue({ code: "custom", message, path: [key], params: { type } });
    }
    kept++;
    if (kept === METADATA_MAX_KEYS + 1) {
      ctx.addIssue({
        code: "custom",
        message: `metadata can have at most ${METADATA_MAX_KEYS} keys; '${key}' would be key ${kept}`,
        path: [key],
        params: { type: "object_above_max_properties" },
      });
    }
  }
}

function objectSchema<T>(allowNull: boolean, newKeys: boolean) {
  return z
    .custom<T>(isPlainObject, {
      error: (issue) =>
        issue.input === undefined ? "metadata is required" : `metadata must be an object, got ${describe(issue.input)}`,
      params: { type: "invalid_type" },
    })
    .superRefine((record, ctx) => refineEntries(record as Record<string, unknown>, ctx, allowNull, newKeys));
}

/** Metadata as stored on a run: at most 16 string values. */
export const metadataSchema = objectSchema<Metadata>(false, false);

/** The metadata of an object being created: stored metadata's rules, and keys a patch may set. */
export const newMetadataSchema = objectSchema<Metadata>(false, true);

/** A merge patch: strings set keys, `null` deletes; at most 16 keys may be set by one patch. */
export const metadataPatchSchema = objectSchema<MetadataPatch>(true, true);

// Built with Object.fromEntries so that a key such as "__proto__" stays an ordinary own key.

/** Splits a validated patch into the keys to set and the keys to remove. */
export function splitMetadataPatch(patch: MetadataPatch): { set: Metadata; remove: string[] } {
  const entries = Object.entries(patch);
  return {
    set: Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== null)),
    remove: entries.filter(([, value]) => value === null).map(([key]) => key),
  };
}

/** The metadata a patch produces (RFC 7396 on a flat object). */
export function applyMetadataPatch(current: Metadata, patch: MetadataPatch): Metadata {
  const next = new Map(Object.entries(current));
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) next.delete(key);
    else next.set(key, value);
  }
  return Object.fromEntries(next);
}
