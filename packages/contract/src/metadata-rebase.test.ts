import { describe, expect, it } from "vitest";
import { metadataToRows } from "./metadata-form.ts";
import { compareEdits, reapplyEdits } from "./metadata-rebase.ts";

const base = { env: "prod", owner: "ana", ticket: "T-1" };
// They changed env and added team; I changed owner, removed ticket and added note.
const theirs = { env: "staging", owner: "ana", ticket: "T-1", team: "search" };
const mine = [
  { key: "env", value: "prod" },
  { key: "owner", value: "bo" },
  { key: "note", value: "checked" },
];

describe("re-applying an operator's edits on top of a newer version", () => {
  it("keeps their changes and applies mine, and sends only what differs from theirs", () => {
    const { rows, patch } = reapplyEdits(base, mine, theirs);
    expect(Object.fromEntries(rows.map((r) => [r.key, r.value]))).toEqual({
      env: "staging",
      owner: "bo",
      team: "search",
      note: "checked",
    });
    expect(patch).toEqual({ owner: "bo", ticket: null, note: "checked" });
  });

  it("sends nothing when they already made my change", () => {
    const { patch } = reapplyEdits(base, metadataToRows({ ...base, env: "staging" }), theirs);
    expect(patch).toEqual({});
  });

  it("a key both sides changed differently is a clash; my edit wins on re-apply", () => {
    const rows = [...mine, { key: "team", value: "ads" }];
    const compared = compareEdits(base, rows, theirs);
    expect(compared).toEqual([
      { key: "env", base: "prod", theirs: "staging", mine: "prod", clash: false },
      { key: "owner", base: "ana", theirs: "ana", mine: "bo", clash: false },
      { key: "note", base: null, theirs: null, mine: "checked", clash: false },
      { key: "team", base: null, theirs: "search", mine: "ads", clash: true },
      { key: "ticket", base: "T-1", theirs: "T-1", mine: null, clash: false },
    ]);
    expect(reapplyEdits(base, rows, theirs).patch).toMatchObject({ team: "ads" });
  });
});
