import { METADATA_KEY_MAX_LENGTH, METADATA_MAX_KEYS, METADATA_VALUE_MAX_LENGTH } from "@runboard/contract";
import fc from "fast-check";
import { expect, it } from "vitest";
import { insertRuns, useRestServer } from "./rest-fixture.ts";

// Random bodies against both surfaces: whatever arrives, the answer is never a 500 and what is
// stored always obeys the limits.
const ctx = useRestServer();

const key = fc.oneof(
  fc.string({ maxLength: 70 }),
  fc.constantFrom("", "__proto__", "constructor", "k".repeat(64), "k".repeat(65), "a\u0000b", "😀".repeat(64)),
);
const value = fc.oneof(
  fc.string({ maxLength: 520 }),
  fc.constantFrom("x".repeat(512), "x".repeat(513), "😀".repeat(512), "\ud800"),
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), { maxKeys: 2 }),
);
const metadata = fc.oneof(fc.dictionary(key, value, { maxKeys: 20 }), fc.anything());
const body = fc.oneof(fc.record({ metadata }), fc.record({ metadata, extra: fc.anything() }), fc.anything());

function storedWithinLimits(stored: unknown) {
  expect(typeof stored).toBe("object");
  const entries = Object.entries(stored as Record<string, unknown>);
  expect(entries.length).toBeLessThanOrEqual(METADATA_MAX_KEYS);
  for (const [k, v] of entries) {
    expect(typeof v).toBe("string");
    expect([...k].length).toBeGreaterThan(0);
    expect([...k].length).toBeLessThanOrEqual(METADATA_KEY_MAX_LENGTH);
    expect([...(v as string)].length).toBeLessThanOrEqual(METADATA_VALUE_MAX_LENGTH);
  }
}

it("never answers 500 to a random Modify Run body, and keeps stored metadata within the limits", async () => {
  const [runId] = (await insertRuns(ctx.prisma, [{ threadId: "thread_prop", metadata: { seed: "1" } }])) as [string];
  await fc.assert(
    fc.asyncProperty(body, fc.boolean(), async (payload, viaTrpc) => {
      const response = viaTrpc
        ? await fetch(`${ctx.url}/api/trpc/run.modify`, {
            method: "POST",
            headers: { "content-type": "application/json", ...ctx.auth },
            body: JSON.stringify(
              typeof payload === "object" && payload !== null && !Array.isArray(payload)
                ? { ...payload, thread_id: "thread_prop", run_id: runId }
                : payload,
            ),
          })
        : await fetch(`${ctx.url}/v1/threads/thread_prop/runs/${runId}`, {
            method: "POST",
            headers: { "content-type": "application/json", ...ctx.auth },
            body: JSON.stringify(payload) ?? "",
          });
      expect(response.status).toBeLessThan(500);
      // tRPC answers a body that is not JSON at all (its own protocol) with 400; validation is 422.
      expect(viaTrpc ? [200, 400, 413, 422] : [200, 413, 422]).toContain(response.status);
      const stored = await ctx.prisma.run.findUniqueOrThrow({ where: { id: runId } });
      storedWithinLimits(stored.metadata);
    }),
    { numRuns: 300 },
  );
});
