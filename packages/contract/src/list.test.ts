import { describe, expect, it } from "vitest";
import { toValidationDetail } from "./detail.ts";
import { listRunsInputSchema } from "./list.ts";

const detailOf = (input: unknown) =>
  toValidationDetail(listRunsInputSchema.safeParse(input, { reportInput: true }).error?.issues ?? [], ["body"]);

describe("metadata filter keys", () => {
  it("refuses a NUL or an unpaired surrogate in a key, naming the key (PostgreSQL cannot compare it)", () => {
    expect(detailOf({ metadata: { "a\u0000b": "x", ok: "y", "\ud800": "z" } })).toEqual([
      {
        loc: ["body", "metadata", "a\u0000b"],
        msg: "metadata filter keys must not contain a NUL character or an unpaired surrogate",
        type: "invalid_string",
      },
      {
        loc: ["body", "metadata", "\ud800"],
        msg: "metadata filter keys must not contain a NUL character or an unpaired surrogate",
        type: "invalid_string",
      },
    ]);
  });

  it("says why an empty key is refused", () => {
    expect(detailOf({ metadata: { "": "x" } })).toEqual([
      { loc: ["body", "metadata", ""], msg: "metadata filter keys must not be empty", type: "string_below_min_length" },
    ]);
  });

  it("accepts a key longer than stored keys may be (such filters are answered from the GIN index)", () => {
    expect(detailOf({ metadata: { ["k".repeat(100)]: "x" } })).toEqual([]);
  });
});
