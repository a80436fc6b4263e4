import {
  LIST_LIMIT_MAX,
  METADATA_KEY_MAX_LENGTH,
  METADATA_MAX_KEYS,
  METADATA_VALUE_MAX_LENGTH,
} from "@runboard/contract";
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { insertRuns, useRestServer } from "./rest-fixture.ts";

const rest = useRestServer();

interface Operation {
  operationId: string;
  parameters: { name: string; in: string; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content: Record<string, { schema: { $ref: string } }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown> & { properties: Record<string, unknown> }> };
}

let doc: Document;
let threadId: string;
let runId: string;

beforeAll(async () => {
  const response = await fetch(`${rest.url}/v1/openapi.json`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  doc = (await response.json()) as Document;
  threadId = "thread_openapi";
  [runId] = (await insertRuns(rest.prisma, [{ threadId, metadata: { team: "search" } }])) as [string];
});

/** A component of the document as a zod schema, so that live responses can be checked against it. */
function component(id: string) {
  // zod resolves only `#/$defs/…` references.
  const $defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll("#/components/schemas/", "#/$defs/"));
  return z.fromJSONSchema({ $ref: `#/$defs/${id}`, $defs });
}

describe("GET /v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(structuredClone(doc) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
  });

  it("documents every /v1 route with its parameters, body and responses", () => {
    expect(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    ).toEqual([
      "GET /threads/{thread_id}/runs",
      "GET /threads/{thread_id}/runs/{run_id}",
      "POST /threads/{thread_id}/runs/{run_id}",
    ]);
    const list = doc.paths["/threads/{thread_id}/runs"]?.get as Operation;
    expect(list.parameters.map((p) => `${p.in}:${p.name}`)).toEqual([
      "path:thread_id",
      "query:limit",
      "query:order",
      "query:after",
      "query:before",
      "header:OpenAI-Beta",
    ]);
    expect(list.parameters[1]?.schema).toMatchObject({ type: "integer", minimum: 1, maximum: LIST_LIMIT_MAX });
    expect(list.responses["200"]?.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/RunList",
    });
    expect(list.responses["422"]?.content["application/json"]?.schema.$ref).toBe(
      "#/components/schemas/ValidationErrorResponse",
    );

    const run = doc.paths["/threads/{thread_id}/runs/{run_id}"] as Record<string, Operation>;
    for (const op of [run.get, run.post] as Operation[]) {
      expect(op.parameters.filter((p) => p.in === "path").map((p) => p.name)).toEqual(["thread_id", "run_id"]);
      expect(op.responses["200"]?.content["application/json"]?.schema.$ref).toBe("#/components/schemas/Run");
      expect(op.responses["404"]?.content["application/json"]?.schema.$ref).toBe("#/components/schemas/ErrorResponse");
      expect(op.responses["422"]).toBeDefined();
    }
    expect(run.post?.requestBody?.content["application/json"]?.schema.$ref).toBe(
      "#/components/schemas/ModifyRunRequest",
    );
  });

  it("states the contract's metadata limits", () => {
    const { Run, ModifyRunRequest } = doc.components.schemas;
    expect(Run?.properties.metadata).toMatchObject({
      type: "object",
      maxProperties: METADATA_MAX_KEYS,
      propertyNames: { minLength: 1, maxLength: METADATA_KEY_MAX_LENGTH },
      additionalProperties: { type: "string", maxLength: METADATA_VALUE_MAX_LENGTH },
    });
    expect(ModifyRunRequest).toMatchObject({ required: ["metadata"], additionalProperties: false });
    expect(ModifyRunRequest?.properties.metadata).toMatchObject({
      type: "object",
      propertyNames: { minLength: 1, maxLength: METADATA_KEY_MAX_LENGTH },
      additionalProperties: { type: ["string", "null"], maxLength: METADATA_VALUE_MAX_LENGTH },
    });
  });

  it("describes what the server actually answers", async () => {
    const get = async (path: string) =>
      (await (await fetch(`${rest.url}/v1${path}`, { headers: rest.auth })).json()) as object;
    expect(component("Run").safeParse(await get(`/threads/${threadId}/runs/${runId}`)).error).toBeUndefined();
    expect(component("RunList").safeParse(await get(`/threads/${threadId}/runs`)).error).toBeUndefined();
    expect(component("ErrorResponse").safeParse(await get(`/threads/${threadId}/runs/run_gone`)).error).toBeUndefined();
    const invalid = await get(`/threads/${threadId}/runs?limit=0`);
    expect(component("ValidationErrorResponse").safeParse(invalid).error).toBeUndefined();
    // And the schemas are not vacuous: a run with a 17th metadata key does not match.
    const run = await get(`/threads/${threadId}/runs/${runId}`);
    const crowded = { ...run, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) };
    expect(component("Run").safeParse(crowded).success).toBe(false);
  });
});
