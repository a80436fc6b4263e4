import { operations, type RestBinding } from "@runboard/api";
import { describe, expect, it } from "vitest";
import { checkBinding } from "../src/rest/routes.ts";

// A REST binding that does not fit its path or its input stops the server from starting.
describe("REST bindings", () => {
  const modify = operations.run.modify;
  const binding = modify.rest as RestBinding;

  it("every binding of the table fits its path and its input", () => {
    expect(() => checkBinding("run.modify", modify, binding)).not.toThrow();
  });

  it("refuses a path parameter the binding does not name, or a field the input lacks", () => {
    expect(() => checkBinding("run.modify", modify, { ...binding, path: "/threads/{thread_id}/runs/{run}" })).toThrow(
      /has \{run\}, \{thread_id\} but params name run_id, thread_id/,
    );
    expect(() => checkBinding("run.modify", modify, { ...binding, query: { limit: "How many." } })).toThrow(
      /'limit', which is not an input field/,
    );
  });
});
