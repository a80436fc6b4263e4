import { describe, expect, it } from "vitest";
import { diffMetadata } from "./metadata-diff.ts";

describe("diffMetadata", () => {
  it("names added, changed and removed keys, and nothing for equal metadata", () => {
    expect(diffMetadata({ keep: "1", change: "2", drop: "3" }, { keep: "1", change: "two", add: "4" })).toEqual([
      { kind: "changed", key: "change", before: "2", after: "two" },
      { kind: "removed", key: "drop", before: "3" },
      { kind: "added", key: "add", after: "4" },
    ]);
    expect(diffMetadata({ a: "1" }, { a: "1" })).toEqual([]);
  });

  it("treats __proto__ and an empty value as ordinary", () => {
    const before = JSON.parse('{"__proto__":"x"}');
    expect(diffMetadata(before, { e: "" })).toEqual([
      { kind: "removed", key: "__proto__", before: "x" },
      { kind: "added", key: "e", after: "" },
    ]);
  });
});
