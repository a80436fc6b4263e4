import { z } from "zod";

/** What deleting answers: `{ id, object: "<type>.deleted", deleted: true }`. */
export function deletedSchema<const T extends string>(object: T) {
  return z.object({ id: z.string(), object: z.literal(`${object}.deleted`), deleted: z.literal(true) });
}

export const assistantDeletedSchema = deletedSchema("assistant");
export const threadDeletedSchema = deletedSchema("thread");
export const messageDeletedSchema = deletedSchema("thread.message");
