import { METADATA_KEY_MAX_LENGTH, METADATA_VALUE_MAX_LENGTH } from "@runboard/contract";
import { beforeAll, describe, expect, it } from "vitest";
import { insertRuns, metadataOf, useRestServer } from "./rest-fixture.ts";

// Every error a client can cause on /v1, as raw HTTP: the status, the seed's `detail` and OpenAI's
// `error` object, exactly.
const rest = useRestServer();
const THREAD = "thread_errors";
let runId: string;
let tenKeysRunId: string;

beforeAll(async () => {
  [runId, tenKeysRunId] = (await insertRuns(rest.prisma, [
    { threadId: THREAD, metadata: { team: "search" } },
    { threadId: THREAD, metadata: metadataOf(10, "old") },
  ])) as [string, string];
  await insertRuns(rest.prisma, [{ threadId: "thread_elsewhere" }]);
});

const runPath = (thread = THREAD, run = runId) => `/v1/threads/${thread}/runs/${run}`;

function request(path: string, init: RequestInit = {}) {
  return fetch(`${rest.url}${path}`, {
    ...init,
    headers: { ...rest.auth, ...(init.headers as Record<string, string>) },
  });
}

/** POSTs a raw body; a JSON content type unless told otherwise. */
function post(path: string, body?: string, contentType: string | null = "application/json") {
  if (contentType === null) {
    // fetch labels a string body text/plain; bytes go out with no Content-Type at all.
    return request(path, { method: "POST", body: body === undefined ? undefined : new TextEncoder().encode(body) });
  }
  return request(path, { method: "POST", body, headers: { "content-type": contentType } });
}

const postJson = (body: unknown, path = runPath()) => post(path, JSON.stringify(body));

interface Expected {
  loc: (string | number)[];
  type: string;
  code: string;
  param: string | null;
}

interface ValidationBody {
  detail: { loc: (string | number)[]; msg: string; type: string }[];
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** A 422 whose first problem is `expected`; OpenAI's error object describes that same problem. */
async function expect422(response: Response, expected: Expected): Promise<ValidationBody> {
  expect(response.status).toBe(422);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as ValidationBody;
  const first = body.detail[0];
  expect(first).toMatchObject({ loc: expected.loc, type: expected.type });
  expect(body.error).toEqual({
    message: first?.msg,
    type: "invalid_request_error",
    param: expected.param,
    code: expected.code,
  });
  return body;
}

async function metadataOfRun(id: string, thread = THREAD) {
  const run = (await (await request(runPath(thread, id))).json()) as { metadata: Record<string, string> };
  return run.metadata;
}

describe("the body of Modify Run", () => {
  it("malformed JSON is a 422 at the body", async () => {
    const body = await expect422(await post(runPath(), '{"metadata": {"a": '), {
      loc: ["body"],
      type: "invalid_json",
      code: "invalid_json",
      param: null,
    });
    expect(body.detail[0]?.msg).toMatch(/^the body is not valid JSON: /);
  });

  it("an empty or absent body is a 422 naming the body as missing", async () => {
    const expected = { loc: ["body"], type: "missing", code: "missing_required_parameter", param: null };
    await expect422(await post(runPath(), ""), expected);
    await expect422(await post(runPath(), undefined, null), expected);
  });

  it.each([
    ["text/plain", '{"metadata": {}}'],
    ["application/x-www-form-urlencoded", "metadata=1"],
    [null, '{"metadata": {}}'],
  ])("a %s body is a 422, not a 415", async (contentType, raw) => {
    const body = await expect422(await post(runPath(), raw, contentType), {
      loc: ["body"],
      type: "invalid_content_type",
      code: "invalid_content_type",
      param: null,
    });
    expect(body.detail[0]?.msg).toBe(`Content-Type must be application/json, got '${contentType ?? "none"}'`);
  });

  it("accepts a JSON content type with a charset", async () => {
    const response = await post(runPath(), '{"metadata": {}}', "application/json; charset=utf-8");
    expect(response.status).toBe(200);
  });

  it("an unknown field is a 422 naming the field", async () => {
    await expect422(await postJson({ metadata: {}, instructions: "x" }), {
      loc: ["body", "instructions"],
      type: "unrecognized_keys",
      code: "unknown_parameter",
      param: "instructions",
    });
  });

  it.each([
    ["number", 1],
    ["boolean", true],
    ["object", { nested: "x" }],
    ["array", ["x"]],
  ])("a %s value is a 422 invalid_type at its key", async (what, value) => {
    const body = await expect422(await postJson({ metadata: { priority: value } }), {
      loc: ["body", "metadata", "priority"],
      type: "invalid_type",
      code: "invalid_type",
      param: "metadata.priority",
    });
    expect(body.detail[0]?.msg).toBe(`metadata values must be strings, got ${what}`);
  });

  it.each([
    ["a string", "x"],
    ["an array", []],
    ["null", null],
    ["missing", undefined],
  ])("metadata that is %s is a 422 at metadata", async (_what, metadata) => {
    await expect422(await postJson({ metadata }), {
      loc: ["body", "metadata"],
      type: "invalid_type",
      code: "invalid_type",
      param: "metadata",
    });
  });

  it("a body that is not an object is a 422 invalid_type", async () => {
    await expect422(await post(runPath(), '["metadata"]'), {
      loc: ["body"],
      type: "invalid_type",
      code: "invalid_type",
      param: null,
    });
  });

  it("an oversize key is a 422 at that key; the longest allowed key is stored", async () => {
    const tooLong = "k".repeat(METADATA_KEY_MAX_LENGTH + 1);
    await expect422(await postJson({ metadata: { [tooLong]: "v" } }), {
      loc: ["body", "metadata", tooLong],
      type: "string_above_max_length",
      code: "string_above_max_length",
      param: `metadata.${tooLong}`,
    });
    const longest = "k".repeat(METADATA_KEY_MAX_LENGTH);
    expect((await postJson({ metadata: { [longest]: "v" } })).status).toBe(200);
    expect((await postJson({ metadata: { [longest]: null } })).status).toBe(200);
  });

  it("an oversize value is a 422 at its key, never truncated", async () => {
    await expect422(await postJson({ metadata: { notes: "v".repeat(METADATA_VALUE_MAX_LENGTH + 1) } }), {
      loc: ["body", "metadata", "notes"],
      type: "string_above_max_length",
      code: "string_above_max_length",
      param: "metadata.notes",
    });
    expect(await metadataOfRun(runId)).toEqual({ team: "search" });
  });

  it("a value PostgreSQL cannot store is a 422, not a 500", async () => {
    await expect422(await postJson({ metadata: { nul: "a\u0000b" } }), {
      loc: ["body", "metadata", "nul"],
      type: "invalid_string",
      code: "invalid_value",
      param: "metadata.nul",
    });
  });

  it("a 17th key in the patch itself is a 422 at that key", async () => {
    await expect422(await postJson({ metadata: metadataOf(17) }), {
      loc: ["body", "metadata", "k16"],
      type: "object_above_max_properties",
      code: "object_above_max_properties",
      param: "metadata.k16",
    });
  });

  it("a 17th key from merging with the stored metadata is a 422, and nothing is stored", async () => {
    const body = await expect422(await postJson({ metadata: metadataOf(7, "new") }, runPath(THREAD, tenKeysRunId)), {
      loc: ["body", "metadata", "new6"],
      type: "object_above_max_properties",
      code: "object_above_max_properties",
      param: "metadata.new6",
    });
    expect(body.detail[0]?.msg).toMatch(/would leave the run with 17/);
    expect(await metadataOfRun(tenKeysRunId)).toEqual(metadataOf(10, "old"));
    // Deleting one in the same patch makes room.
    const response = await postJson(
      { metadata: { ...metadataOf(7, "new"), old0: null } },
      runPath(THREAD, tenKeysRunId),
    );
    expect(response.status).toBe(200);
  });

  it("reports every problem in detail and the first in error", async () => {
    const body = await expect422(
      await postJson({ metadata: { n: 1, ["k".repeat(65)]: "v", ok: "fine" }, stream: true }),
      { loc: ["body", "metadata", "n"], type: "invalid_type", code: "invalid_type", param: "metadata.n" },
    );
    expect(body.detail.map((d) => [d.loc, d.type])).toEqual([
      [["body", "metadata", "n"], "invalid_type"],
      [["body", "metadata", "k".repeat(65)], "string_above_max_length"],
      [["body", "stream"], "unrecognized_keys"],
    ]);
  });

  it("a body over the size limit is a 413 in OpenAI's error shape", async () => {
    const response = await post(runPath(), JSON.stringify({ metadata: { a: "x".repeat(2 * 1024 * 1024) } }));
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: {
        message: expect.stringMatching(/larger than/),
        type: "invalid_request_error",
        param: null,
        code: "request_too_large",
      },
    });
  });
});

describe("addressing a run", () => {
  const notFound = (run: string, thread: string) => ({
    error: {
      message: `No run found with id '${run}' in thread '${thread}'.`,
      type: "invalid_request_error",
      param: null,
      code: null,
    },
  });

  it("a missing run is a 404 for retrieve and modify", async () => {
    const get = await request(runPath(THREAD, "run_missing"));
    expect(get.status).toBe(404);
    expect(await get.json()).toEqual(notFound("run_missing", THREAD));
    const modify = await postJson({ metadata: { a: "b" } }, runPath(THREAD, "run_missing"));
    expect(modify.status).toBe(404);
    expect(await modify.json()).toEqual(notFound("run_missing", THREAD));
  });

  it("a run asked for under another thread is a 404, and is not modified", async () => {
    const get = await request(runPath("thread_elsewhere", runId));
    expect(get.status).toBe(404);
    expect(await get.json()).toEqual(notFound(runId, "thread_elsewhere"));
    const modify = await postJson({ metadata: { moved: "yes" } }, runPath("thread_elsewhere", runId));
    expect(modify.status).toBe(404);
    expect(await metadataOfRun(runId)).toEqual({ team: "search" });
  });

  it("an id that cannot be one is a 422 at its path parameter", async () => {
    await expect422(await request(runPath("t".repeat(129), runId)), {
      loc: ["path", "thread_id"],
      type: "string_above_max_length",
      code: "string_above_max_length",
      param: "thread_id",
    });
    await expect422(await request(runPath(THREAD, "run%20x")), {
      loc: ["path", "run_id"],
      type: "invalid_format",
      code: "invalid_value",
      param: "run_id",
    });
  });

  it("validation of the path and the body is reported together", async () => {
    const body = await expect422(await postJson({ metadata: { a: 1 } }, runPath("t".repeat(129), runId)), {
      loc: ["path", "thread_id"],
      type: "string_above_max_length",
      code: "string_above_max_length",
      param: "thread_id",
    });
    expect(body.detail.map((d) => d.loc)).toEqual([
      ["path", "thread_id"],
      ["body", "metadata", "a"],
    ]);
  });
});

describe("list query parameters", () => {
  const list = (query: string) => request(`/v1/threads/${THREAD}/runs?${query}`);

  it.each([
    ["limit=abc", "invalid_type", "invalid_type"],
    ["limit=1.5", "invalid_type", "invalid_type"],
    ["limit=0", "number_out_of_range", "invalid_value"],
    ["limit=101", "number_out_of_range", "invalid_value"],
    ["limit=5&limit=6", "invalid_type", "invalid_type"],
  ])("%s is a 422 at limit", async (query, type, code) => {
    await expect422(await list(query), { loc: ["query", "limit"], type, code, param: "limit" });
  });

  it("a limit in range is honoured", async () => {
    const response = await list("limit=1");
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: "list", data: [{ thread_id: THREAD }], has_more: true });
  });

  it("an unknown order is a 422 at order", async () => {
    await expect422(await list("order=sideways"), {
      loc: ["query", "order"],
      type: "invalid_value",
      code: "invalid_value",
      param: "order",
    });
  });

  it("a cursor that is not a run of this list is a 422 at that cursor", async () => {
    const body = await expect422(await list("after=run_nowhere"), {
      loc: ["query", "after"],
      type: "invalid_cursor",
      code: "invalid_value",
      param: "after",
    });
    expect(body.detail[0]?.msg).toContain("run_nowhere");
    await expect422(await list(`before=${runId}&after=${runId}`), {
      loc: ["query", "before"],
      type: "value_error",
      code: "invalid_value",
      param: "before",
    });
  });

  it("an unknown query parameter is a 422 naming it", async () => {
    await expect422(await list("status=completed"), {
      loc: ["query", "status"],
      type: "unrecognized_keys",
      code: "unknown_parameter",
      param: "status",
    });
  });
});

describe("the /v1 surface", () => {
  it.each([
    ["GET", "/v1"],
    ["GET", "/v1/threads"],
    ["GET", "/v1/assistants"],
    ["DELETE", `/v1/threads/${THREAD}/runs/x`],
    ["POST", `/v1/threads/${THREAD}/runs`],
  ])("an unknown route (%s %s) is a 404 in OpenAI's error shape", async (method, path) => {
    const response = await request(path, { method, body: method === "POST" ? "{not json" : undefined });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: `Invalid URL (${method} ${path})`, type: "invalid_request_error", param: null, code: null },
    });
  });

  it("accepts the OpenAI-Beta header on every route", async () => {
    const headers = { "OpenAI-Beta": "assistants=v2" };
    expect((await request(`/v1/threads/${THREAD}/runs`, { headers })).status).toBe(200);
    expect((await request(runPath(), { headers })).status).toBe(200);
    const modify = await request(runPath(), {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ metadata: { beta: "v2" } }),
    });
    expect(modify.status).toBe(200);
    expect(((await modify.json()) as { metadata: object }).metadata).toEqual({ team: "search", beta: "v2" });
    await postJson({ metadata: { beta: null } });
  });

  // Last: it takes the runs table away from the server.
  it("an unexpected failure is a 500 server_error that does not leak the SQL, and is logged", async () => {
    await rest.prisma.$executeRawUnsafe("ALTER TABLE runs RENAME TO runs_hidden");
    try {
      const response = await request(runPath());
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        error: {
          message: "The server had an error while processing your request.",
          type: "server_error",
          param: null,
          code: null,
          // The id of this request, as its X-Request-Id header and the server's log line name it.
          request_id: response.headers.get("x-request-id"),
        },
      });
      expect(text).not.toMatch(/runs|SELECT|relation/i);
    } finally {
      await rest.prisma.$executeRawUnsafe("ALTER TABLE runs_hidden RENAME TO runs");
    }
    await expect.poll(() => rest.server.output()).toContain('"msg":"REST request failed"');
    expect((await request(runPath())).status).toBe(200);
  });
});
