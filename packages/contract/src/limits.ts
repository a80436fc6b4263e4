/** The metadata limits of the contract (DESIGN.md). Counted in characters (code points), not bytes. */
export const METADATA_MAX_KEYS = 16;
export const METADATA_KEY_MAX_LENGTH = 64;
export const METADATA_VALUE_MAX_LENGTH = 512;

/** Ids are opaque strings; the bound keeps a typo'd paste from becoming a 1 MB query parameter. */
export const ID_MAX_LENGTH = 128;

/** A run's version is a PostgreSQL integer; a larger number can never match one. */
export const VERSION_MAX = 2_147_483_647;

/**
 * Calls one tRPC batch request may carry. The server refuses longer batches (one request must not
 * take the whole pool); Runboard's clients split what they send at this size.
 */
export const TRPC_MAX_BATCH_SIZE = 10;

/** OpenAI's limits on the write half: instructions and message text, names, descriptions, tools. */
export const TEXT_MAX_LENGTH = 256_000;
export const NAME_MAX_LENGTH = 256;
export const DESCRIPTION_MAX_LENGTH = 512;
export const TOOLS_MAX = 128;
export const FUNCTION_NAME_MAX_LENGTH = 64;

export const LIST_LIMIT_DEFAULT = 20;
export const LIST_LIMIT_MAX = 100;

/** Characters as a person counts them on screen and as PostgreSQL's char_length does: code points. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}
