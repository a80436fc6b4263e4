import { TRPCClientError } from "@trpc/client";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { httpStatusOf, isNotFoundError, trpcErrorCodeOf, validationDetailOf, versionConflictOf } from "./errors.ts";

/** A tRPC error answer as the server sends it over HTTP. */
function answered(data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { code: -32600, message: "refused", data } });
}

describe("error helpers", () => {
  it("read a call answered over HTTP", () => {
    const error = answered({ code: "NOT_FOUND", httpStatus: 404 });
    expect(trpcErrorCodeOf(error)).toBe("NOT_FOUND");
    expect(httpStatusOf(error)).toBe(404);
    expect(isNotFoundError(error)).toBe(true);
  });

  it("read a router caller's error in the same process", () => {
    const error = new TRPCError({ code: "NOT_FOUND", message: "no such run" });
    expect(trpcErrorCodeOf(error)).toBe("NOT_FOUND");
    expect(isNotFoundError(error)).toBe(true);
    expect(httpStatusOf(error)).toBeNull();
  });

  it("read an error thrown by another copy of the class (a bundler's), by its shape", () => {
    const foreign = Object.assign(new Error("refused"), {
      name: "TRPCClientError",
      data: { code: "UNPROCESSABLE_CONTENT", httpStatus: 422, detail: [{ loc: ["body"], msg: "bad", type: "x" }] },
    });
    expect(foreign).not.toBeInstanceOf(TRPCClientError);
    expect(trpcErrorCodeOf(foreign)).toBe("UNPROCESSABLE_CONTENT");
    expect(validationDetailOf(foreign)).toEqual([{ loc: ["body"], msg: "bad", type: "x" }]);
  });

  it("give the current run of a CONFLICT only", () => {
    const current = { id: "run_1", version: 3 };
    expect(versionConflictOf(answered({ code: "CONFLICT", httpStatus: 409, current }))).toEqual(current);
    expect(versionConflictOf(answered({ code: "NOT_FOUND", httpStatus: 404 }))).toBeNull();
  });

  it("find nothing in other errors", () => {
    for (const error of [new Error("network down"), null, "text", { code: 404 }]) {
      expect(trpcErrorCodeOf(error)).toBeNull();
      expect(httpStatusOf(error)).toBeNull();
      expect(validationDetailOf(error)).toBeNull();
      expect(isNotFoundError(error)).toBe(false);
    }
  });
});
