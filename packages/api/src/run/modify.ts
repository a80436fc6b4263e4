import {
  applyMetadataPatch,
  METADATA_MAX_KEYS,
  type Metadata,
  type MetadataPatch,
  splitMetadataPatch,
} from "@runboard/contract";
import { Prisma, type PrismaClient } from "@runboard/db";
import { MetadataLimitError, RunNotFoundError } from "../errors.ts";
import { RUN_COLUMNS, type RunRow } from "./row.ts";

// A concurrent modify can change the key count between our failed UPDATE and the follow-up
// read; a few attempts settle it, and only a patch that really breaks the limit ends in an error.
const ATTEMPTS = 3;

/**
 * Applies a merge patch in one UPDATE: PostgreSQL merges against the row's latest version under
 * its row lock, so concurrent modifies of different keys all survive, and the 16-key limit is
 * checked on the merged result inside the same statement. The version only moves when the
 * metadata actually changes.
 */
export async function modifyRunMetadata(
  prisma: PrismaClient,
  threadId: string,
  runId: string,
  patch: MetadataPatch,
): Promise<RunRow> {
  const { set, remove } = splitMetadataPatch(patch);
  const next = Prisma.sql`((metadata || ${JSON.stringify(set)}::jsonb) - ${remove}::text[])`;
  for (let attempt = 1; ; attempt++) {
    const rows = await prisma.$queryRaw<RunRow[]>`
      UPDATE runs SET
        metadata = ${next},
        version = version + (CASE WHEN ${next} = metadata THEN 0 ELSE 1 END),
        updated_at = CASE WHEN ${next} = metadata THEN updated_at ELSE now() END
      WHERE id = ${runId} AND thread_id = ${threadId}
        AND (SELECT count(*) FROM jsonb_object_keys(${next})) <= ${METADATA_MAX_KEYS}
      RETURNING ${RUN_COLUMNS}`;
    if (rows[0]) return rows[0];

    const current = await prisma.$queryRaw<{ metadata: Metadata }[]>`
      SELECT metadata FROM runs WHERE id = ${runId} AND thread_id = ${threadId}`;
    if (!current[0]) throw new RunNotFoundError(threadId, runId);
    const merged = applyMetadataPatch(current[0].metadata, patch);
    if (Object.keys(merged).length > METADATA_MAX_KEYS || attempt === ATTEMPTS) {
      throw limitError(current[0].metadata, patch, Object.keys(merged).length);
    }
  }
}

function limitError(current: Metadata, patch: MetadataPatch, total: number): MetadataLimitError {
  const added = Object.keys(patch).filter((key) => patch[key] !== null && !Object.hasOwn(current, key));
  const kept = Object.keys(current).filter((key) => !(Object.hasOwn(patch, key) && patch[key] === null)).length;
  // Name the first key that goes past the limit, as the seed's loc does.
  const offending = added[Math.max(0, METADATA_MAX_KEYS - kept)] ?? added.at(-1) ?? "";
  return new MetadataLimitError([
    {
      loc: ["body", "metadata", offending],
      msg: `metadata can have at most ${METADATA_MAX_KEYS} keys; this change would leave the run with ${total} (it has ${Object.keys(current).length}, the patch adds ${added.length} new)`,
      type: "object_above_max_properties",
    },
  ]);
}
