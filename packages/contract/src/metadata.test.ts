import { describe, expect, it } from "vitest";
import { toValidationDetail } from "./detail.ts";
import { characterCount } from "./limits.ts";
import { applyMetadataPatch, metadataPatchSchema, splitMetadataPatch } from "./metadata.ts";
import { modifyRunBodySchema } from "./modify.ts";

function detail(body: unknown) {
  const result = modifyRunBodySchema.safeParse(body);
  return result.success ? [] : toValidationDetail(result.error.issues, ["body"]);
}

describe("metadata rules", () => {
  it("counts characters as code points", () => {
    expect(characterCount("abc")).toBe(3);
    expect(characterCount("😀😀")).toBe(2);
    expect(characterCount("é")).toBe(1);
  });

  it("accepts the limits exactly and names each key past them", () => {
    expect(detail({ metadata: { ["k".repeat(64)]: "v".repeat(512) } })).toEqual([]);
    expect(detail({ metadata: { ["k".repeat(65)]: "v" } })).toEqual([
      {
        loc: ["body", "metadata", "k".repeat(65)],
        msg: "metadata key is 65 characters long; at most 64 are allowed",
        type: "string_above_max_length",
      },
    ]);
    expect(detail({ metadata: { a: "v".repeat(513) } })).toEqual([
      {
        loc: ["body", "metadata", "a"],
        msg: "metadata value is 513 characters long; at most 512 are allowed",
        type: "string_above_max_length",
      },
    ]);
  });

  it("counts only the keys a patch sets towards its 16", () => {
    const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, "v"]));
    expect(detail({ metadata: { ...sixteen, gone: null } })).toEqual([]);
    expect(detail({ metadata: { ...sixteen, more: "v" } })).toEqual([
      expect.objectContaining({ loc: ["body", "metadata", "more"], type: "object_above_max_properties" }),
    ]);
  });

  it("reports every bad entry at once, and unknown body fields", () => {
    const found = detail({ metadata: { n: 1, b: false, "": "x" }, extra: true });
    expect(found.map((d) => [d.loc.at(-1), d.type])).toEqual([
      ["n", "invalid_type"],
      ["b", "invalid_type"],
      ["", "string_below_min_length"],
      ["extra", "unrecognized_keys"],
    ]);
    expect(found[0]?.msg).toBe("metadata values must be strings, got number");
  });

  it("requires metadata to be an object", () => {
    expect(detail({})).toEqual([{ loc: ["body", "metadata"], msg: "metadata is required", type: "invalid_type" }]);
    expect(detail({ metadata: [] })[0]?.msg).toBe("metadata must be an object, got array");
    expect(detail({ metadata: null })[0]?.msg).toBe("metadata must be an object, got null");
  });

  it("treats __proto__ as an ordinary key", () => {
    const patch = metadataPatchSchema.parse(JSON.parse('{"__proto__":"x","gone":null}'));
    expect(splitMetadataPatch(patch)).toEqual({ set: JSON.parse('{"__proto__":"x"}'), remove: ["gone"] });
    const merged = applyMetadataPatch({ gone: "1", kept: "2" }, patch);
    expect(Object.keys(merged).sort()).toEqual(["__proto__", "kept"]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });
});
