import { createRunboardClient } from "@runboard/client";
import { TRPC_MAX_BATCH_SIZE } from "@runboard/contract";
import { describe, expect, it } from "vitest";
import { insertRuns, useRestServer } from "./rest-fixture.ts";

const server = useRestServer();

/** One httpBatchLink-style GET naming `run.get` `n` times. */
async function batchOf(n: number, ref: { thread_id: string; run_id: string }) {
  const paths = Array.from({ length: n }, () => "run.get").join(",");
  const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, ref]));
  const url = `${server.url}/api/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(input))}`;
  return fetch(url, { headers: server.auth });
}

describe("tRPC batches", () => {
  it(`answer up to ${TRPC_MAX_BATCH_SIZE} calls, and refuse a longer batch with a 400 that says why`, async () => {
    const [runId] = (await insertRuns(server.prisma, [{ threadId: "thread_batch" }])) as [string];
    const ref = { thread_id: "thread_batch", run_id: runId };

    const allowed = await batchOf(TRPC_MAX_BATCH_SIZE, ref);
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as unknown[]).length).toBe(TRPC_MAX_BATCH_SIZE);

    const refused = await batchOf(TRPC_MAX_BATCH_SIZE + 1, ref);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toContain("Batch call exceeds maximum size");
  });

  it("@runboard/client splits many calls made at once into batches the server accepts", async () => {
    const [runId] = (await insertRuns(server.prisma, [{ threadId: "thread_many" }])) as [string];
    const client = createRunboardClient({ url: server.url, apiKey: server.key });
    const ref = { thread_id: "thread_many", run_id: runId };
    const runs = await Promise.all(
      Array.from({ length: 3 * TRPC_MAX_BATCH_SIZE + 1 }, () => client.run.get.query(ref)),
    );
    expect(runs.every((run) => run.id === runId)).toBe(true);
  });
});
