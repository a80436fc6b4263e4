import {
  hasUnstorable,
  idSchema,
  type Run,
  runSchema,
  toValidationDetail,
  type ValidationDetail,
} from "@runboard/contract";
import { z } from "zod";

// 9999-12-31T23:59:59Z: past it PostgreSQL's timestamptz overflows and the whole batch would fail.
const MAX_UNIX_SECONDS = 253_402_300_799;
const timestamp = z.number().int().min(0, "must not be negative").max(MAX_UNIX_SECONDS, "is after the year 9999");

/**
 * What an imported line must be: the contract's Run, with ids that the API can address later
 * (`idSchema`) and timestamps PostgreSQL can store.
 */
const importedRunShape = {
  ...runSchema.shape,
  id: idSchema,
  thread_id: idSchema,
  assistant_id: idSchema,
  created_at: timestamp,
  expires_at: timestamp.nullable(),
  started_at: timestamp.nullable(),
  cancelled_at: timestamp.nullable(),
  failed_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
  // An export carries each run's version; a store counts its own versions, so it is accepted (so
  // that an export imports as it is) and otherwise ignored.
  version: runSchema.shape.version.optional(),
};

// Strict by default: a field Runboard does not store would be dropped on import, and an export
// would then no longer equal the file it came from.
const strictSchema = z.strictObject(importedRunShape).superRefine(rejectUnstorableText);
const lenientSchema = z.object(importedRunShape).superRefine(rejectUnstorableText);

/**
 * PostgreSQL text and jsonb cannot hold U+0000 or an unpaired surrogate; one such string would fail
 * its whole batch, so it is a validation error of its own line instead. (Metadata checks its own.)
 */
function rejectUnstorableText(run: Record<string, unknown>, ctx: z.core.$RefinementCtx<Record<string, unknown>>) {
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (typeof value === "string") {
      if (hasUnstorable(value)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: "contains a NUL character or an unpaired surrogate, which cannot be stored",
          params: { type: "invalid_string" },
        });
      }
    } else if (Array.isArray(value)) {
      for (const [i, item] of value.entries()) visit(item, [...path, i]);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  for (const [key, value] of Object.entries(run)) if (key !== "metadata") visit(value, [key]);
}

/** A Run as an import file holds it: `version` may be there (exports write it) and is ignored. */
export type ImportedRun = Omit<Run, "version"> & { version?: number };

export type ParsedRun = { ok: true; run: ImportedRun } | { ok: false; detail: ValidationDetail[] };

/** Validates one value read from an import file. Unknown fields are errors unless told to drop them. */
export function parseImportedRun(value: unknown, options: { ignoreUnknownFields?: boolean } = {}): ParsedRun {
  const result = (options.ignoreUnknownFields ? lenientSchema : strictSchema).safeParse(value);
  if (result.success) return { ok: true, run: result.data as ImportedRun };
  return { ok: false, detail: toValidationDetail(result.error.issues) };
}
