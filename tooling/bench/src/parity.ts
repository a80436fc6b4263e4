import { isDeepStrictEqual } from "node:util";
import { buildRequest, type Operation, type RunRef, type Surface } from "./scenarios.ts";

// Before anything is timed, each surface answers one request of every operation and the bodies are
// compared with the baseline's, so the baseline is known to do the same job (and the bench's
// requests are known to succeed) rather than assumed to.

async function send(base: string, surface: Surface, op: Operation, ref: RunRef, authorization: string) {
  const request = buildRequest(surface, op, ref, 0, authorization);
  const headers = request.headers as Record<string, string> | undefined;
  const response = await fetch(`${base}${request.path}`, { method: request.method, headers, body: request.body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${surface} ${op}: HTTP ${response.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { result?: { data?: unknown } };
  return surface === "trpc" ? body.result?.data : body;
}

/** Strips what legitimately differs between two modifies of the same run: the value just written, the version. */
function comparable(op: Operation, body: unknown): unknown {
  if (op !== "modify") return body;
  const { metadata, version: _version, ...rest } = body as { metadata: Record<string, string>; version: number };
  const { bench: _bench, ...others } = metadata;
  return { ...rest, metadata: others };
}

/** The first differing field, for the error message. */
function difference(actual: unknown, expected: unknown, path = "$"): string {
  if (typeof actual === "object" && actual !== null && typeof expected === "object" && expected !== null) {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const key of keys) {
      const a = (actual as Record<string, unknown>)[key];
      const e = (expected as Record<string, unknown>)[key];
      if (!isDeepStrictEqual(a, e)) return difference(a, e, `${path}.${key}`);
    }
  }
  return `  at ${path}: runboard ${JSON.stringify(actual)?.slice(0, 300)}, baseline ${JSON.stringify(expected)?.slice(0, 300)}`;
}

export async function checkParity(
  targets: { surface: Surface; url: string; ops: Operation[] }[],
  ref: RunRef,
  authorization: string,
): Promise<void> {
  const baseline = targets.find((t) => t.surface === "baseline");
  if (!baseline) throw new Error("no baseline target");
  for (const op of baseline.ops) {
    const expected = comparable(op, await send(baseline.url, "baseline", op, ref, authorization));
    for (const target of targets) {
      if (target.surface === "baseline" || !target.ops.includes(op)) continue;
      const actual = comparable(op, await send(target.url, target.surface, op, ref, authorization));
      if (!isDeepStrictEqual(actual, expected)) {
        throw new Error(
          `${target.surface} ${op} answers differently from the baseline:\n${difference(actual, expected)}`,
        );
      }
    }
  }
}
