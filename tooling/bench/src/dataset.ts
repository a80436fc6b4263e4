import type { HasExactlyColumns, ImportedRunColumnName } from "@runboard/api/run-columns";
import { mulberry32 as prng } from "@runboard/db";
// A deterministic, realistic run store: ids shaped like OpenAI's; threads of very different sizes
// (a few long-lived threads hold tens of thousands of runs, most hold a few dozen) whose runs are
// clustered in time (a thread is active for a while, then falls silent); mostly finished runs with
// the fields their status implies; metadata from none to 8 keys drawn from what services attach
// (env, team, customer, region, trace ids …), so every run keeps room for more keys. A thread is one
// customer's conversation, so a customer's runs are clustered in time too, as in a real store.

export interface DatasetSpec {
  runs: number;
  threads: number;
  assistants: number;
  /** The runs' created_at spread evenly (with jitter) over this many days before `end`. */
  days: number;
  seed: number;
}

export const DEFAULT_DATASET: Omit<DatasetSpec, "runs" | "threads"> = { assistants: 25, days: 180, seed: 7 };
const END = Date.UTC(2026, 10, 1);
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** An id like OpenAI's (`run_` + 24 characters): 18 seeded characters, then the index (so unique). */
function openAIId(prefix: string, index: number, kind: number): string {
  const random = prng(index * 31 + kind);
  let id = `${prefix}_`;
  for (let i = 0; i < 18; i++) id += BASE62[Math.floor(random() * 62)];
  let n = index;
  let tail = "";
  for (let i = 0; i < 6; i++) {
    tail = BASE62[n % 62] + tail;
    n = Math.floor(n / 62);
  }
  return id + tail;
}

export const threadId = (n: number) => openAIId("thread", n, 1);
export const assistantId = (n: number) => openAIId("asst", n, 2);
export const runId = (n: number) => openAIId("run", n, 3);

/** Thread of a run: heavily skewed (u³), so thread 0 gets ~threads^(-1/3) of all runs. */
export function threadOf(u: number, threads: number): number {
  return Math.min(threads - 1, Math.floor(threads * u * u * u));
}

/** When each run was created and in which thread, in created_at order (the order runs are inserted). */
export interface Layout {
  /** Milliseconds since the data set's start. */
  times: Float64Array;
  threads: Int32Array;
}

const HOUR = 3_600_000;

/**
 * Each thread is active during one window, as long as its share of runs suggests: the largest
 * spans the whole period, a thread of a few dozen runs a few hours. Its runs fall inside it.
 */
export function planLayout(spec: DatasetSpec): Layout {
  const random = prng(spec.seed);
  const span = spec.days * 86_400_000;
  const counts = new Int32Array(spec.threads);
  for (let i = 0; i < spec.runs; i++) {
    const thread = threadOf(random(), spec.threads);
    counts[thread] = (counts[thread] as number) + 1;
  }
  const largest = counts.reduce((a, b) => Math.max(a, b), 1);
  const unsortedTimes = new Float64Array(spec.runs);
  const unsortedThreads = new Int32Array(spec.runs);
  let n = 0;
  for (let thread = 0; thread < spec.threads; thread++) {
    const count = counts[thread] as number;
    const window = Math.min(span, Math.max(HOUR, (span * count) / largest));
    const start = random() * (span - window);
    for (let j = 0; j < count; j++) {
      unsortedTimes[n] = Math.floor(start + random() * window);
      unsortedThreads[n++] = thread;
    }
  }
  const order = Uint32Array.from({ length: spec.runs }, (_, i) => i).sort(
    (a, b) => (unsortedTimes[a] as number) - (unsortedTimes[b] as number),
  );
  return {
    times: Float64Array.from(order, (i) => unsortedTimes[i] as number),
    threads: Int32Array.from(order, (i) => unsortedThreads[i] as number),
  };
}

const MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4-turbo"];
const TEAMS = ["payments", "support", "search", "growth", "billing", "risk", "infra", "sales"];
const REGIONS = ["us-east-1", "eu-west-1", "ap-south-1"];
const SOURCES = ["api", "dashboard", "cron", "webhook"];
const TOOLS = ["lookup_order", "refund_payment", "search_docs", "create_ticket", "get_weather"];

export interface AssistantRow {
  id: string;
  name: string;
  model: string;
  instructions: string;
  tools: unknown[];
}

export function assistantRow(n: number): AssistantRow {
  const tool = TOOLS[n % TOOLS.length] as string;
  const tools: unknown[][] = [
    [],
    [{ type: "code_interpreter" }],
    [{ type: "file_search" }, { type: "function", function: functionTool(tool) }],
    [{ type: "function", function: functionTool(tool) }],
  ];
  return {
    id: assistantId(n),
    name: `${TEAMS[n % TEAMS.length]} assistant ${n}`,
    model: MODELS[n % MODELS.length] as string,
    instructions:
      `You are the ${TEAMS[n % TEAMS.length]} team's assistant. Answer customer questions politely and briefly, ` +
      `use the ${tool} tool when an order, payment or ticket is mentioned, never invent numbers, and hand ` +
      "the conversation to a human when the customer asks for one or is upset.",
    tools: tools[n % tools.length] as unknown[],
  };
}

function functionTool(name: string) {
  return {
    name,
    description: `Calls the internal ${name.replaceAll("_", " ")} service.`,
    parameters: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
  };
}

/** A row for the loader's insert: one field per column an import writes (checked below). */
export interface RunRecord {
  id: string;
  thread_id: string;
  assistant_id: string;
  status: string;
  required_action: unknown;
  last_error: unknown;
  created_at: string;
  expires_at: string | null;
  started_at: string | null;
  cancelled_at: string | null;
  failed_at: string | null;
  completed_at: string | null;
  model: string;
  instructions: string;
  tools: unknown[];
  file_ids: string[];
  metadata: Record<string, string>;
}

const recordHasTheImportedColumns: HasExactlyColumns<RunRecord, ImportedRunColumnName> = true;
void recordHasTheImportedColumns;

const iso = (ms: number) => new Date(ms).toISOString();

/** What a thread's runs share: one customer's conversation, in one environment and region. */
function threadTraits(thread: number) {
  const random = prng(thread * 7_919 + 11);
  const e = random();
  return {
    customer: `cus_${String(Math.floor(5000 * random() ** 2)).padStart(5, "0")}`,
    env: e < 0.7 ? "prod" : e < 0.9 ? "staging" : "dev",
    region: REGIONS[Math.floor(random() * REGIONS.length)] as string,
  };
}

function metadataFor(random: () => number, index: number, thread: number, assistant: number): Record<string, string> {
  const traits = threadTraits(thread);
  const m: Record<string, string> = {};
  if (random() < 0.9) m.env = traits.env;
  if (random() < 0.6) m.team = TEAMS[assistant % TEAMS.length] as string;
  if (random() < 0.8) m.customer_id = traits.customer;
  if (random() < 0.4) m.region = traits.region;
  if (random() < 0.4) m.source = SOURCES[Math.floor(random() * SOURCES.length)] as string;
  if (random() < 0.3) m.trace_id = (index * 2654435761).toString(16).padStart(16, "0");
  if (random() < 0.25) m.priority = random() < 0.8 ? "normal" : "high";
  if (random() < 0.1) m.ticket = `SUP-${1000 + Math.floor(random() * 90000)}`;
  return m;
}

/** Run number `index` of the data set (the same every time for the same spec). */
export function runRecord(
  index: number,
  spec: DatasetSpec,
  layout: Layout,
  assistants: readonly AssistantRow[],
): RunRecord {
  const random = prng(spec.seed * 1_000_003 + index);
  const created = END - spec.days * 86_400_000 + (layout.times[index] as number);
  const thread = layout.threads[index] as number;
  // A thread mostly talks to one assistant.
  const assistantNumber = (thread * 7 + (random() < 0.9 ? 0 : 1)) % assistants.length;
  const assistant = assistants[assistantNumber] as AssistantRow;
  // The newest 1 % are still active; older runs have finished one way or another.
  const active = index >= spec.runs * 0.99;
  const s = random();
  const status = active
    ? (["queued", "in_progress", "requires_action", "cancelling"][Math.floor(s * 4)] as string)
    : s < 0.85
      ? "completed"
      : s < 0.92
        ? "failed"
        : s < 0.96
          ? "cancelled"
          : "expired";
  const ended = created + 1_000 + Math.floor(random() * 60_000);
  const tool = (
    assistant.tools.find((t) => (t as { type: string }).type === "function") as
      | { function: { name: string } }
      | undefined
  )?.function.name;
  return {
    id: runId(index),
    thread_id: threadId(thread),
    assistant_id: assistant.id,
    status,
    required_action:
      status === "requires_action"
        ? {
            type: "submit_tool_outputs",
            submit_tool_outputs: {
              tool_calls: [
                {
                  id: openAIId("call", index, 4),
                  type: "function",
                  function: { name: tool ?? "lookup_order", arguments: `{"id":"ord_${index}"}` },
                },
              ],
            },
          }
        : null,
    last_error:
      status === "failed"
        ? random() < 0.7
          ? { code: "server_error", message: "The server had an error while processing your request." }
          : { code: "rate_limit_exceeded", message: "Rate limit reached for requests per minute." }
        : null,
    created_at: iso(created),
    expires_at: active ? iso(created + 600_000) : null,
    started_at: status === "queued" ? null : iso(created + 200),
    cancelled_at: status === "cancelled" ? iso(ended) : null,
    failed_at: status === "failed" ? iso(ended) : null,
    completed_at: status === "completed" ? iso(ended) : null,
    model: assistant.model,
    instructions: assistant.instructions,
    tools: assistant.tools,
    file_ids: random() < 0.2 ? [openAIId("file", index, 5)] : [],
    metadata: metadataFor(random, index, thread, assistantNumber),
  };
}
