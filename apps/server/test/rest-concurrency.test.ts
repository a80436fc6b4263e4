import type { AppRouter } from "@runboard/api";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import OpenAI, { APIError } from "openai";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { parseIfMatch } from "../src/rest/preconditions.ts";
import { insertRuns, useRestServer } from "./rest-fixture.ts";

// Optimistic concurrency on the OpenAI-compatible surface: ETag on retrieve and modify, If-Match
// on modify (412 when stale), and the history each surface leaves behind.
const rest = useRestServer();
const THREAD = "thread_etag";
let runId: string;

beforeEach(async () => {
  [runId] = (await insertRuns(rest.prisma, [{ threadId: THREAD, metadata: { team: "search" } }])) as [string];
});

const runUrl = (run = runId, thread = THREAD) => `${rest.url}/v1/threads/${thread}/runs/${run}`;

function modify(body: unknown, headers: Record<string, string> = {}, run = runId) {
  return fetch(runUrl(run), {
    method: "POST",
    headers: { "content-type": "application/json", ...rest.auth, ...headers },
    body: JSON.stringify(body),
  });
}

const revisions = () =>
  rest.prisma.runRevision.findMany({
    where: { runId },
    orderBy: { version: "asc" },
    select: { version: true, surface: true },
  });

describe("ETag", () => {
  it("retrieve and modify send the run's version as a strong ETag", async () => {
    const first = await fetch(runUrl(), { headers: rest.auth });
    expect(first.headers.get("etag")).toBe('"1"');
    expect(((await first.json()) as { version: number }).version).toBe(1);

    const modified = await modify({ metadata: { owner: "ana" } });
    expect(modified.status).toBe(200);
    expect(modified.headers.get("etag")).toBe('"2"');
    expect((await fetch(runUrl(), { headers: rest.auth })).headers.get("etag")).toBe('"2"');

    // A change that changes nothing keeps the version, and so the tag.
    expect((await modify({ metadata: { owner: "ana" } })).headers.get("etag")).toBe('"2"');
    expect(await revisions()).toEqual([{ version: 2, surface: "rest" }]);
  });
});

describe("If-Match", () => {
  it("modifies when the tag is current, and answers 412 with the current version when it is stale", async () => {
    const ok = await modify({ metadata: { owner: "ana" } }, { "If-Match": '"1"' });
    expect(ok.status).toBe(200);

    const stale = await modify({ metadata: { owner: "bo" } }, { "If-Match": '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get("etag")).toBe('"2"');
    expect(await stale.json()).toEqual({
      error: {
        message: `Run '${runId}' was changed after you read it: it is at version 2, not version 1. Nothing was saved; read the run again and re-apply your change.`,
        type: "invalid_request_error",
        param: null,
        code: "precondition_failed",
      },
      current_version: 2,
    });
    const run = (await (await fetch(runUrl(), { headers: rest.auth })).json()) as { metadata: object; version: number };
    expect(run).toMatchObject({ metadata: { team: "search", owner: "ana" }, version: 2 });
    expect(await revisions()).toEqual([{ version: 2, surface: "rest" }]);
  });

  it.each([
    ["*", "*", 200],
    ["a list naming the current tag", '"7", "1"', 200],
    ["a weak tag (never matches If-Match)", 'W/"1"', 412],
    ["a tag that is no version", '"abc"', 412],
    ["a version written differently", '"01"', 412],
  ])("%s: %s → %d", async (_what, header, status) => {
    expect((await modify({ metadata: { n: "1" } }, { "If-Match": header })).status).toBe(status);
  });

  it.each([
    ["an unquoted version", "1"],
    ["an unterminated tag", '"1'],
    ["a trailing comma", '"1",'],
    ["an empty header", ""],
    ["text after the tag", '"1" x'],
  ])("%s is a 422 at the header, naming it", async (_what, header) => {
    const response = await modify({ metadata: { n: "1" } }, { "If-Match": header });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { detail: unknown[]; error: unknown };
    expect(body.detail).toEqual([
      {
        loc: ["header", "if-match"],
        msg: expect.stringMatching(/^If-Match must be \* or a list of quoted entity tags such as "3"/),
        type: "invalid_value",
      },
    ]);
    expect(body.error).toMatchObject({ type: "invalid_request_error", param: "if-match", code: "invalid_value" });
    expect(await revisions()).toEqual([]);
  });

  it("a missing run is still a 404, whatever If-Match says", async () => {
    expect((await modify({ metadata: { n: "1" } }, { "If-Match": '"1"' }, "run_missing")).status).toBe(404);
  });

  it("expected_version is not part of OpenAI's body: an unknown field, 422", async () => {
    const response = await modify({ metadata: { n: "1" }, expected_version: 1 });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: object }).error).toMatchObject({
      param: "expected_version",
      code: "unknown_parameter",
    });
  });

  it("of two writers holding the same tag, exactly one wins and the other gets 412", async () => {
    const etag = (await fetch(runUrl(), { headers: rest.auth })).headers.get("etag") as string;
    const statuses = await Promise.all(
      Array.from({ length: 8 }, (_, i) => modify({ metadata: { writer: `w${i}` } }, { "If-Match": etag })),
    ).then((responses) => responses.map((r) => r.status).sort());
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
  });

  it("works from the openai SDK through its per-request headers", async () => {
    const client = new OpenAI({ baseURL: `${rest.url}/v1`, apiKey: rest.key, maxRetries: 0 });
    const { data, response } = await client.beta.threads.runs.retrieve(runId, { thread_id: THREAD }).withResponse();
    const etag = response.headers.get("etag") as string;
    expect(etag).toBe(`"${(data as unknown as { version: number }).version}"`);
    const updated = await client.beta.threads.runs.update(
      runId,
      { thread_id: THREAD, metadata: { sdk: "yes" } },
      { headers: { "If-Match": etag } },
    );
    expect(updated.metadata).toEqual({ team: "search", sdk: "yes" });
    const stale = await client.beta.threads.runs
      .update(runId, { thread_id: THREAD, metadata: { sdk: "again" } }, { headers: { "If-Match": etag } })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(APIError);
    expect((stale as APIError).status).toBe(412);
    expect((stale as APIError).code).toBe("precondition_failed");
  });
});

describe("parseIfMatch", () => {
  it("reads the header's forms", () => {
    expect(parseIfMatch(undefined)).toEqual({ versions: undefined });
    expect(parseIfMatch(" * ")).toEqual({ versions: undefined });
    expect(parseIfMatch('"3"')).toEqual({ versions: [3] });
    expect(parseIfMatch(' "3" ,W/"4",\t"x,y", "5"')).toEqual({ versions: [3, 5] });
    expect(parseIfMatch(['"3"', '"4"'])).toEqual({ versions: [3, 4] });
    expect(parseIfMatch('"99999999999"')).toEqual({ versions: [] });
    expect(parseIfMatch('*, "3"')).toMatchObject({ detail: { loc: ["header", "if-match"] } });
  });
});

describe("the documented contract", () => {
  it("the OpenAPI document states If-Match, the ETag header and the 412", async () => {
    interface Response {
      headers?: Record<string, unknown>;
      content: Record<string, { schema: unknown }>;
    }
    const doc = (await (await fetch(`${rest.url}/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters: { name: string }[]; responses: Record<string, Response> }>>;
      components: { schemas: Record<string, object> };
    };
    const run = doc.paths["/threads/{thread_id}/runs/{run_id}"];
    expect(run?.post?.parameters.map((p) => p.name)).toContain("If-Match");
    expect(run?.get?.parameters.map((p) => p.name)).not.toContain("If-Match");
    expect(Object.keys(run?.get?.responses["200"]?.headers ?? {})).toEqual(["ETag"]);
    expect(Object.keys(run?.post?.responses["200"]?.headers ?? {})).toEqual(["ETag"]);
    expect(run?.post?.responses["412"]?.content["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/PreconditionFailedResponse",
    });
    expect(doc.components.schemas.Run).toMatchObject({ properties: { version: { type: "integer", minimum: 1 } } });

    // And the live 412 matches its schema.
    await modify({ metadata: { a: "1" } });
    const stale = (await (await modify({ metadata: { a: "2" } }, { "If-Match": '"1"' })).json()) as object;
    const $defs = JSON.parse(JSON.stringify(doc.components.schemas).replaceAll("#/components/schemas/", "#/$defs/"));
    expect(
      z.fromJSONSchema({ $ref: "#/$defs/PreconditionFailedResponse", $defs }).safeParse(stale).error,
    ).toBeUndefined();
  });
});

describe("the surface recorded in the history", () => {
  function trpc(headers: Record<string, string>) {
    return createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${rest.url}/api/trpc`, headers: { ...rest.auth, ...headers } })],
    });
  }

  it("is the dashboard's when its header says so, and trpc for any other value", async () => {
    await trpc({ "x-runboard-surface": "dashboard" }).run.modify.mutate({
      thread_id: THREAD,
      run_id: runId,
      metadata: { from: "dashboard" },
    });
    await trpc({ "x-runboard-surface": "import" }).run.modify.mutate({
      thread_id: THREAD,
      run_id: runId,
      metadata: { from: "pretending" },
    });
    await trpc({}).run.modify.mutate({ thread_id: THREAD, run_id: runId, metadata: { from: "service" } });
    await modify({ metadata: { from: "rest" } });
    const history = await trpc({}).run.history.query({ thread_id: THREAD, run_id: runId });
    // Every change names the API key that made it, whichever surface it came through.
    expect(history.data.map((r) => [r.version, r.surface, r.actor.type, r.actor.label])).toEqual([
      [5, "rest", "api_key", "rest-tests"],
      [4, "trpc", "api_key", "rest-tests"],
      [3, "trpc", "api_key", "rest-tests"],
      [2, "dashboard", "api_key", "rest-tests"],
    ]);
  });
});
