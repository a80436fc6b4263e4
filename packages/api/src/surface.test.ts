import { describe, expect, it } from "vitest";
import { trpcSurfaceFrom } from "./surface.ts";

describe("the surface a tRPC request records", () => {
  it("takes the dashboard's header and nothing it does not know", () => {
    expect(trpcSurfaceFrom("dashboard")).toBe("dashboard");
    expect(trpcSurfaceFrom(" Dashboard ")).toBe("dashboard");
    expect(trpcSurfaceFrom(["dashboard", "rest"])).toBe("dashboard");
    expect(trpcSurfaceFrom(undefined)).toBe("trpc");
    expect(trpcSurfaceFrom("import")).toBe("trpc");
    expect(trpcSurfaceFrom("rest")).toBe("trpc");
    expect(trpcSurfaceFrom("x".repeat(10_000))).toBe("trpc");
  });
});
