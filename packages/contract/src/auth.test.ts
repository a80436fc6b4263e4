import { describe, expect, it } from "vitest";
import { safeNextPath } from "./auth.ts";

describe("where sign-in sends the operator next", () => {
  it("keeps paths of this site", () => {
    expect(safeNextPath("/threads/t1/runs/r1?tab=history#top")).toBe("/threads/t1/runs/r1?tab=history#top");
    expect(safeNextPath(["/admin/users", "/other"])).toBe("/admin/users");
    expect(safeNextPath("/")).toBe("/");
  });

  it("sends everything that would leave the site to the home page", () => {
    for (const next of [
      "/\t/evil.test/",
      "/\r\n/evil.test/",
      "/\n/evil.test",
      "\t//evil.test",
      "//evil.test",
      "/\\evil.test",
      "/\\\\evil.test",
      "/.//evil.test/",
      "/%2e//evil.test",
      "/a/..//evil.test",
      "/./\\evil.test",
      "https://evil.test/",
      "javascript:alert(1)",
      " /x",
      "",
      undefined,
      42,
    ]) {
      expect(safeNextPath(next), JSON.stringify(next)).toBe("/");
    }
  });
});
