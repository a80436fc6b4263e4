import { describe, expect, it } from "vitest";
import { metadataRowsSchema, rowsToPatch } from "./metadata-form.ts";

describe("metadata editor rules", () => {
  it("flags a duplicate key on the later row", () => {
    const result = metadataRowsSchema.safeParse({
      rows: [
        { key: "env", value: "a" },
        { key: "env", value: "b" },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ["rows", 1, "key"],
        message: "'env' is already used in row 1; keys must be unique",
      }),
    ]);
  });

  it("flags the 17th row and the API's own key/value rules", () => {
    const rows = Array.from({ length: 17 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    rows[0] = { key: "x".repeat(65), value: "y".repeat(513) };
    const paths = metadataRowsSchema.safeParse({ rows }).error?.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(["rows.0.key", "rows.0.value", "rows.16.key"]);
  });

  it("turns edited rows into a merge patch", () => {
    expect(
      rowsToPatch({ keep: "1", change: "2", drop: "3" }, [
        { key: "keep", value: "1" },
        { key: "change", value: "two" },
        { key: "add", value: "4" },
      ]),
    ).toEqual({ drop: null, change: "two", add: "4" });
    expect(rowsToPatch({ a: "1" }, [{ key: "a", value: "1" }])).toEqual({});
  });
});
