import { RUN_STATUSES, type Run, type RunStatus } from "@runboard/contract";
import { mulberry32 as prng } from "@runboard/db";

// Wire-shape runs for import/export tests and the import benchmark: deterministic (seeded), and
// covering what a real store holds: every status with the fields it implies, tool calls, errors,
// metadata from empty to the 16-key / 64-char / 512-char limits, and non-ASCII text.

const WORDS = [
  "refund",
  "invoice",
  "déjà vu",
  "naïve",
  "日本語",
  "🚀",
  "👩‍💻",
  "Ünïcödé",
  "tab\there",
  'quote"d',
  "new\nline",
];
const MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-4-turbo"];

export interface GeneratedRunsOptions {
  seed?: number;
  /** Runs per thread on average; threads are named thread_<seed>_<n>. */
  runsPerThread?: number;
  /** Prefix of run ids, so that two generated sets do not collide. */
  prefix?: string;
}

export function generateRuns(count: number, options: GeneratedRunsOptions = {}): Run[] {
  const random = prng(options.seed ?? 1);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const prefix = options.prefix ?? "run";
  const threads = Math.max(1, Math.round(count / (options.runsPerThread ?? 10)));
  const base = 1_767_225_600; // 2026-01-01T00:00:00Z
  const runs: Run[] = [];
  for (let i = 0; i < count; i++) {
    const status: RunStatus = RUN_STATUSES[i % RUN_STATUSES.length] as RunStatus;
    // Some runs share a second, so ordering by (created_at, id) is exercised, not just created_at.
    const created = base + Math.floor(i / 3) * 7;
    const keyCount = i % 17; // 0..16 keys
    const metadata: Record<string, string> = {};
    for (let k = 0; k < keyCount; k++) {
      const key =
        k === 0 && i % 5 === 0 ? `k${"x".repeat(62)}${k}` : `${pick(["env", "team", "tag", "ключ", "🔑"])}_${k}`;
      metadata[key] = k === 1 && i % 7 === 0 ? `${"v".repeat(511)}😀` : `${pick(WORDS)} ${int(0, 999)}`;
    }
    const finished = status === "completed" || status === "failed" || status === "cancelled" || status === "expired";
    runs.push({
      id: `${prefix}_${String(i).padStart(7, "0")}`,
      object: "thread.run",
      created_at: created,
      thread_id: `thread_${options.seed ?? 1}_${i % threads}`,
      assistant_id: `asst_${i % 13}`,
      status,
      required_action:
        status === "requires_action"
          ? {
              type: "submit_tool_outputs",
              submit_tool_outputs: {
                tool_calls: [
                  {
                    id: `call_${i}`,
                    type: "function",
                    function: { name: "lookup_order", arguments: JSON.stringify({ order: i, note: pick(WORDS) }) },
                  },
                ],
              },
            }
          : null,
      last_error:
        status === "failed"
          ? { code: i % 2 ? "server_error" : "rate_limit_exceeded", message: `Failed: ${pick(WORDS)}` }
          : null,
      expires_at: finished ? null : created + 600,
      started_at: status === "queued" ? null : created + 1,
      cancelled_at: status === "cancelled" ? created + 5 : null,
      failed_at: status === "failed" ? created + 5 : null,
      completed_at: status === "completed" ? created + 9 : null,
      model: pick(MODELS),
      instructions: i % 11 === 0 ? "" : `You help with ${pick(WORDS)}.`,
      tools:
        i % 3 === 0
          ? []
          : [
              { type: "code_interpreter" },
              {
                type: "function",
                function: {
                  name: "lookup_order",
                  parameters: { type: "object", properties: { order: { type: "integer" } } },
                },
              },
            ],
      file_ids: i % 4 === 0 ? [`file_${i}`, `file_${i + 1}`] : [],
      metadata,
      // What a fresh store exports: every run at its first version.
      version: 1,
    });
  }
  return runs;
}

export const toJsonl = (runs: readonly Run[]): string => runs.map((run) => `${JSON.stringify(run)}\n`).join("");
