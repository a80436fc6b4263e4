import { type ValidationDetail, VERSION_MAX } from "@runboard/contract";

export { etagOf } from "@runboard/api";

// HTTP conditional requests on a run (RFC 9110 §8.8.3, §13.1.1). A run's entity tag is its
// version in quotes: the version changes with every stored change, and one version always has the
// same JSON, so the tag is strong and If-Match (which compares strongly) can use it.

/** What If-Match asks for: any current run (`*` or no header), or one of these versions. */
export type IfMatch = { versions: number[] | undefined } | { detail: ValidationDetail };

// One entity-tag of a list: optional W/, then a quoted string of etagc (any visible ASCII but
// the quote, or obs-text), then a comma or the end.
const ENTITY_TAG = /[ \t]*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"[ \t]*(?:,|$)/y;

/**
 * Reads an If-Match header. Tags that cannot be a version (weak tags, which never match with
 * strong comparison; other strings) are well-formed but match nothing, so a request naming only
 * those fails its precondition (412). Text that is not an entity-tag list at all is a 422.
 */
export function parseIfMatch(raw: string | string[] | undefined): IfMatch {
  if (raw === undefined) return { versions: undefined };
  const text = (Array.isArray(raw) ? raw.join(", ") : raw).trim();
  if (text === "*") return { versions: undefined };
  const versions: number[] = [];
  ENTITY_TAG.lastIndex = 0;
  while (ENTITY_TAG.lastIndex < text.length) {
    // Sticky: each tag must start where the previous one (and its comma) ended.
    const match = ENTITY_TAG.exec(text);
    if (!match) return { detail: malformed(text) };
    const [, weak, tag = ""] = match;
    // Strong comparison is character by character: "3" matches version 3, "03" matches nothing.
    if (!weak && /^[1-9][0-9]{0,9}$/.test(tag) && Number(tag) <= VERSION_MAX) versions.push(Number(tag));
  }
  if (text === "" || /,[ \t]*$/.test(text)) return { detail: malformed(text) };
  return { versions };
}

function malformed(text: string): ValidationDetail {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return {
    loc: ["header", "if-match"],
    msg: `If-Match must be * or a list of quoted entity tags such as "3" (the ETag of the run you read), got '${shown}'`,
    type: "invalid_value",
  };
}
