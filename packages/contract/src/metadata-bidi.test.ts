import { describe, expect, it } from "vitest";
import { toValidationDetail } from "./detail.ts";
import { metadataSchema } from "./metadata.ts";
import { modifyRunBodySchema } from "./modify.ts";

const detail = (body: unknown) =>
  toValidationDetail(modifyRunBodySchema.safeParse(body).error?.issues ?? [], ["body"]).map(({ loc, type }) => ({
    loc,
    type,
  }));

describe("bidirectional control characters", () => {
  it("are refused in keys, each at its key (a key '\\u202egnp.exe' would read as 'exe.png')", () => {
    const keys = ["\u202egnp.exe", "a\u202ab", "x\u2066y", "\u2069"];
    expect(detail({ metadata: Object.fromEntries(keys.map((k) => [k, "v"])) })).toEqual(
      keys.map((key) => ({ loc: ["body", "metadata", key], type: "invalid_string" })),
    );
  });

  it("are kept in values, which the dashboard shows isolated", () => {
    expect(detail({ metadata: { file: "\u202egnp.exe" } })).toEqual([]);
  });

  it("do not stop a key stored before the rule from being removed, or an export from importing", () => {
    expect(detail({ metadata: { "\u202egnp.exe": null } })).toEqual([]);
    expect(metadataSchema.safeParse({ "\u202egnp.exe": "v" }).success).toBe(true);
  });
});
