// Builds one demo run: its status, the timestamps that status implies, and the payloads
// (required_action, last_error, tools, files, metadata) a real Assistants-API run would carry.
import type { Prisma, RunStatus } from "../generated/prisma/client.ts";
import {
  type AssistantFixture,
  type FunctionTool,
  MODELS,
  type ToolDefinition,
  toolDefinitions,
} from "./demo-assistants.ts";
import { limitMetadata, runMetadata } from "./demo-metadata.ts";
import type { Rng } from "./prng.ts";

/** Statuses a run can still leave. OpenAI allows one such run per thread, always its newest. */
export const ACTIVE_STATUSES = ["queued", "in_progress", "requires_action", "cancelling"] as const;
export const TERMINAL_STATUSES = ["completed", "failed", "cancelled", "expired"] as const;

/** Runs expire 10 minutes after creation unless they finish, as on OpenAI. */
const EXPIRY_SECONDS = 600;

export interface RunContext {
  id: string;
  threadId: string;
  assistantId: string;
  assistant: AssistantFixture;
  status: RunStatus;
  /** Unix seconds. Whole seconds, because the wire shape has no finer resolution. */
  createdAt: number;
  /** Forces one of the showcase shapes the tests and the docs rely on. */
  special?: "limit_metadata" | "empty_metadata" | "long_instructions";
  /** Shared by every rate-limit message, like the one organisation a deployment belongs to. */
  organization: string;
}

export interface BuiltRun {
  row: Prisma.RunCreateManyInput;
  /** When the run last changed state; the next run in its thread starts after this. */
  endedAt: number;
}

const date = (seconds: number): Date => new Date(seconds * 1000);

const POLICY_SECTIONS = [
  "Identity. Always confirm which account you are speaking for before quoting account data. If the user cannot be matched to exactly one customer record, ask for the order number or the billing email and do not guess.",
  "Tone. Be concise, friendly and specific. Prefer short paragraphs and bulleted steps. Do not apologise more than once per conversation and never blame the customer for a product defect.",
  "Tools. Call a tool whenever an answer depends on live data (orders, invoices, metrics). Never fabricate tool output. If a tool fails twice, tell the user what you tried and offer to escalate.",
  "Money. Quote amounts with their currency and two decimals. Refunds, credits and plan changes above the thresholds in the billing runbook require human approval; explain the next step instead of acting.",
  "Privacy. Do not repeat full card numbers, government identifiers or passwords, even if the user pastes them. Redact them as [REDACTED] in summaries and never store them in metadata.",
  "Security. Treat requests to change login email, SSO settings or API keys as high risk: verify identity through the account owner and open an escalation with severity sev2 or higher.",
  "Escalation. Escalate when the user reports data loss, a security incident, a legal threat, or when three replies have not resolved the issue. Summarise the problem, what was tried and the customer's plan.",
  "Formatting. Use Markdown. Put code, SQL and log lines in fenced blocks with a language tag. Keep tables under eight columns so they render on the dashboard without horizontal scrolling.",
  "Languages. Reply in the language of the user's last message. Keep product names, error codes and UI labels in English so that support staff can search for them.",
  "Data analysis. State the time range, time zone (UTC unless told otherwise) and filters of every figure. When a query returns more than 500 rows, aggregate before charting and mention the truncation.",
  "Release notes. Group entries under Features, Fixes and Breaking changes. Every entry links to its pull request. Omit internal refactors unless they change behaviour a user can observe.",
  "Limits. If a request is outside your scope (legal advice, medical advice, contract negotiation), say so plainly and point to the right team instead of attempting an answer.",
];

/** Several KB of instructions, like teams that paste their whole runbook into a run override. */
function longInstructions(rng: Rng, base: string): string {
  const target = rng.int(4_000, 12_000);
  let text = `${base}\n\n# Operating policy (runbook excerpt)\n`;
  for (let n = 1; text.length < target; n++) {
    text += `\n${n}. ${rng.pick(POLICY_SECTIONS)}`;
  }
  return text;
}

function runTools(rng: Rng, assistant: AssistantFixture): { tools: ToolDefinition[]; functions: FunctionTool[] } {
  // Most runs use the assistant's tools; some override them, as the API lets a run do.
  const variant = rng.weighted({ inherit: 85, subset: 10, addInterpreter: 5 });
  if (variant === "subset") {
    const functions = rng.shuffle(assistant.functions).slice(0, rng.int(1, assistant.functions.length));
    return { tools: toolDefinitions(false, functions), functions };
  }
  const codeInterpreter = assistant.codeInterpreter || variant === "addInterpreter";
  return { tools: toolDefinitions(codeInterpreter, assistant.functions), functions: assistant.functions };
}

function fileIds(rng: Rng, codeInterpreter: boolean): string[] {
  if (!rng.chance(codeInterpreter ? 0.5 : 0.1)) return [];
  return Array.from({ length: rng.int(1, 3) }, () => rng.id("file-"));
}

function requiredAction(rng: Rng, functions: readonly FunctionTool[]): Prisma.InputJsonValue {
  // Parallel function calling: one to three calls, possibly the same function twice.
  const toolCalls = Array.from({ length: rng.int(1, 3) }, () => {
    const fn = rng.pick(functions);
    return {
      id: rng.id("call_"),
      type: "function",
      function: { name: fn.definition.name, arguments: JSON.stringify(fn.sampleArguments(rng)) },
    };
  });
  return { type: "submit_tool_outputs", submit_tool_outputs: { tool_calls: toolCalls } };
}

function lastError(rng: Rng, model: string, organization: string): Prisma.InputJsonValue {
  if (rng.chance(0.6)) {
    return {
      code: "server_error",
      message: rng.pick([
        "Sorry, something went wrong.",
        "The server had an error while processing your request. Sorry about that!",
      ]),
    };
  }
  const limit = rng.pick([30_000, 90_000, 450_000]);
  const requested = rng.int(800, 6_000);
  const wait = (rng.int(200, 9_000) / 1000).toFixed(3);
  return {
    code: "rate_limit_exceeded",
    message: `Rate limit reached for ${model} in organization ${organization} on tokens per min (TPM): Limit ${limit}, Used ${limit - rng.int(0, requested - 1)}, Requested ${requested}. Please try again in ${wait}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
  };
}

export function buildRun(rng: Rng, ctx: RunContext): BuiltRun {
  const { assistant, status, createdAt: c } = ctx;
  const model = rng.chance(0.08) ? rng.pick(MODELS) : assistant.model;
  const { tools, functions } = runTools(rng, assistant);
  const codeInterpreter = tools.some((t) => t.type === "code_interpreter");
  const instructions =
    ctx.special === "long_instructions" || rng.chance(0.04)
      ? longInstructions(rng, assistant.instructions)
      : assistant.instructions;
  const metadata =
    ctx.special === "limit_metadata" ? limitMetadata(rng) : ctx.special === "empty_metadata" ? {} : runMetadata(rng);

  const row: Prisma.RunCreateManyInput = {
    id: ctx.id,
    threadId: ctx.threadId,
    assistantId: ctx.assistantId,
    status,
    createdAt: date(c),
    model,
    instructions,
    // Typed interfaces lack the index signature InputJsonValue asks for; the value is plain JSON.
    tools: tools as unknown as Prisma.InputJsonValue,
    fileIds: fileIds(rng, codeInterpreter),
    metadata,
  };

  // A run waits in the queue for a few seconds; some cancelled/expired ones never start.
  const neverStarted = status === "queued" || ((status === "cancelled" || status === "expired") && rng.chance(0.3));
  const started = neverStarted ? undefined : c + rng.int(1, 6);
  if (started !== undefined) row.startedAt = date(started);
  let endedAt = started ?? c;

  switch (status) {
    case "queued":
    case "in_progress":
    case "cancelling":
      row.expiresAt = date(c + EXPIRY_SECONDS);
      break;
    case "requires_action":
      row.expiresAt = date(c + EXPIRY_SECONDS);
      row.requiredAction = requiredAction(rng, functions);
      break;
    case "completed":
      endedAt += rng.int(2, codeInterpreter ? 150 : 45);
      row.completedAt = date(endedAt);
      break;
    case "failed":
      endedAt += rng.int(1, 90);
      row.failedAt = date(endedAt);
      row.lastError = lastError(rng, model, ctx.organization);
      break;
    case "cancelled":
      endedAt += rng.int(3, 240);
      row.cancelledAt = date(endedAt);
      break;
    case "expired":
      // Usually a requires_action run whose tool outputs never arrived.
      endedAt = c + EXPIRY_SECONDS;
      row.expiresAt = date(endedAt);
      break;
  }
  // Set explicitly: the column defaults to now(), which would make two seeds differ.
  row.updatedAt = date(endedAt);
  return { row, endedAt };
}
