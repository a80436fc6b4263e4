import { createRunService, notifyingChangeSink } from "@runboard/api";
import OpenAI, {
  APIError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  UnprocessableEntityError,
} from "openai";
import { beforeAll, describe, expect, it } from "vitest";
import { insertRuns, metadataOf, testAccounts, useRestServer } from "./rest-fixture.ts";

// Code written for OpenAI's Assistants API, pointed at Runboard by changing only baseURL and apiKey.
const rest = useRestServer();
let client: OpenAI;
const THREAD = "thread_sdk";
const OTHER_THREAD = "thread_sdk_other";
let pagedIds: string[];
let runId: string;
let fullRunId: string;

beforeAll(async () => {
  // maxRetries 0: an unexpected 5xx should fail the test, not be retried away.
  client = new OpenAI({ baseURL: `${rest.url}/v1`, apiKey: rest.key, maxRetries: 0 });
  // Oldest first; 45 runs make five pages of 10.
  pagedIds = await insertRuns(
    rest.prisma,
    Array.from({ length: 45 }, (_, i) => ({ threadId: THREAD, createdAt: new Date(Date.UTC(2026, 1, 1, 0, 0, i)) })),
  );
  [runId, fullRunId] = (await insertRuns(rest.prisma, [
    { threadId: OTHER_THREAD, metadata: { team: "search" } },
    { threadId: OTHER_THREAD, metadata: metadataOf(16) },
  ])) as [string, string];
});

describe("the openai SDK against Runboard", () => {
  it("retrieves a run in the contract's wire shape", async () => {
    const run = await client.beta.threads.runs.retrieve(runId, { thread_id: OTHER_THREAD });
    const expected = await createRunService({ prisma: rest.prisma, changes: notifyingChangeSink(rest.prisma) }).get(
      OTHER_THREAD,
      runId,
    );
    expect(run).toEqual(expected);
    expect(run).toMatchObject({
      id: runId,
      object: "thread.run",
      thread_id: OTHER_THREAD,
      metadata: { team: "search" },
    });
  });

  it("updates metadata: sets, changes and deletes keys, and the change is stored", async () => {
    const set = await client.beta.threads.runs.update(runId, {
      thread_id: OTHER_THREAD,
      metadata: { reviewed_by: "ana", ticket: "RB-1" },
    });
    expect(set.metadata).toEqual({ team: "search", reviewed_by: "ana", ticket: "RB-1" });

    const changed = await client.beta.threads.runs.update(runId, {
      thread_id: OTHER_THREAD,
      // OpenAI's types only know string values; Runboard's merge patch deletes a key sent as null.
      metadata: { reviewed_by: "bo", ticket: null } as unknown as Record<string, string>,
    });
    expect(changed.metadata).toEqual({ team: "search", reviewed_by: "bo" });
    expect(changed.id).toBe(runId);
    expect(changed.object).toBe("thread.run");

    const again = await client.beta.threads.runs.retrieve(runId, { thread_id: OTHER_THREAD });
    expect(again).toEqual(changed);
  });

  it("lists a thread's runs with auto-pagination, newest first, each run once", async () => {
    const seen: string[] = [];
    for await (const run of client.beta.threads.runs.list(THREAD, { limit: 10 })) {
      expect(run.thread_id).toBe(THREAD);
      seen.push(run.id);
    }
    expect(seen).toEqual([...pagedIds].reverse());

    let pages = 0;
    for await (const page of (await client.beta.threads.runs.list(THREAD, { limit: 10 })).iterPages()) {
      pages++;
      expect(page.data.length).toBe(pages < 5 ? 10 : 5);
    }
    expect(pages).toBe(5);
  });

  it("pages in ascending order and back with before", async () => {
    const ascending: string[] = [];
    for await (const run of client.beta.threads.runs.list(THREAD, { limit: 7, order: "asc" })) ascending.push(run.id);
    expect(ascending).toEqual(pagedIds);

    const before = await client.beta.threads.runs.list(THREAD, { limit: 3, order: "asc", before: pagedIds[10] });
    expect(before.data.map((r) => r.id)).toEqual(pagedIds.slice(7, 10));
  });

  it("raises NotFoundError for a run asked for under another thread", async () => {
    const error = await client.beta.threads.runs
      .retrieve(pagedIds[0] as string, { thread_id: OTHER_THREAD })
      .catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.status).toBe(404);
    expect(error.error).toMatchObject({ type: "invalid_request_error", param: null, code: null });
    expect(error.error.message).toContain(pagedIds[0]);

    const update = await client.beta.threads.runs
      .update(runId, { thread_id: THREAD, metadata: { a: "b" } })
      .catch((e) => e);
    expect(update).toBeInstanceOf(NotFoundError);
  });

  it("raises a 422 with OpenAI's code for a 17th key, and keeps the run as it was", async () => {
    const error = await client.beta.threads.runs
      .update(fullRunId, { thread_id: OTHER_THREAD, metadata: { one_too_many: "x" } })
      .catch((e) => e);
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error).toBeInstanceOf(APIError);
    expect(error.status).toBe(422);
    expect(error.code).toBe("object_above_max_properties");
    expect(error.param).toBe("metadata.one_too_many");
    expect(error.error).toMatchObject({ type: "invalid_request_error", code: "object_above_max_properties" });

    const run = await client.beta.threads.runs.retrieve(fullRunId, { thread_id: OTHER_THREAD });
    expect(run.metadata).toEqual(metadataOf(16));
  });
});

describe("API keys through the openai SDK", () => {
  it("a wrong key is the SDK's AuthenticationError; a read key may read but not modify (PermissionDeniedError)", async () => {
    const wrong = new OpenAI({ baseURL: `${rest.url}/v1`, apiKey: "rb_wrong", maxRetries: 0 });
    const refused = await wrong.beta.threads.runs.retrieve(runId, { thread_id: OTHER_THREAD }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AuthenticationError);
    expect((refused as AuthenticationError).code).toBe("invalid_api_key");

    const readKey = (await testAccounts(rest.prisma).key("read", "sdk-reader")).key;
    const reader = new OpenAI({ baseURL: `${rest.url}/v1`, apiKey: readKey, maxRetries: 0 });
    expect((await reader.beta.threads.runs.retrieve(runId, { thread_id: OTHER_THREAD })).id).toBe(runId);
    const denied = await reader.beta.threads.runs
      .update(runId, { thread_id: OTHER_THREAD, metadata: { by: "reader" } })
      .catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(PermissionDeniedError);
    expect((denied as PermissionDeniedError).code).toBe("insufficient_permissions");
  });
});
