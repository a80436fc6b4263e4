// The four demo assistants and their tools. Each function tool carries a sampler for its
// arguments so that `requires_action` runs ask for calls the run's own tools actually declare.
import type { Rng } from "./prng.ts";

export interface FunctionDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export type ToolDefinition = { type: "code_interpreter" } | { type: "function"; function: FunctionDefinition };

export interface FunctionTool {
  definition: FunctionDefinition;
  sampleArguments(rng: Rng): Record<string, unknown>;
}

export interface AssistantFixture {
  name: string;
  model: string;
  instructions: string;
  codeInterpreter: boolean;
  functions: FunctionTool[];
}

function objectSchema(properties: Record<string, unknown>, required: string[]): Record<string, unknown> {
  return { type: "object", properties, required, additionalProperties: false };
}

const CUSTOMERS = ["Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Logistics", "Wayne Foods"];
const REPOS = ["runboard/server", "runboard/dashboard", "runboard/client-ts", "runboard/infra"];
const METRICS = ["daily_active_users", "checkout_conversion", "p95_latency_ms", "refund_rate", "tokens_used"];

const lookupOrder: FunctionTool = {
  definition: {
    name: "lookup_order",
    description: "Fetch an order with its line items, shipping status and payment state.",
    parameters: objectSchema({ order_id: { type: "string", description: "Order number, e.g. ORD-2026-01234" } }, [
      "order_id",
    ]),
  },
  sampleArguments: (rng) => ({ order_id: `ORD-2026-${rng.digits(5)}` }),
};

const getCustomerProfile: FunctionTool = {
  definition: {
    name: "get_customer_profile",
    description: "Return the customer's plan, open tickets and account manager.",
    parameters: objectSchema(
      {
        customer_id: { type: "string" },
        include: { type: "array", items: { type: "string", enum: ["tickets", "orders", "invoices"] } },
      },
      ["customer_id"],
    ),
  },
  sampleArguments: (rng) => ({
    customer_id: `cus_${rng.alnum(14)}`,
    include: rng.shuffle(["tickets", "orders", "invoices"]).slice(0, rng.int(1, 3)),
  }),
};

const createEscalation: FunctionTool = {
  definition: {
    name: "create_escalation",
    description: "Open an escalation to the tier-2 team when the assistant cannot resolve the issue.",
    parameters: objectSchema(
      {
        ticket: { type: "string" },
        severity: { type: "string", enum: ["sev3", "sev2", "sev1"] },
        summary: { type: "string", maxLength: 500 },
      },
      ["ticket", "severity", "summary"],
    ),
  },
  sampleArguments: (rng) => ({
    ticket: `SUP-${rng.int(1000, 99999)}`,
    severity: rng.pick(["sev3", "sev3", "sev2", "sev1"]),
    summary: `${rng.pick(CUSTOMERS)} reports ${rng.pick(["duplicate charges", "a missing shipment", "login loops after SSO change", "exports timing out"])}.`,
  }),
};

const getInvoice: FunctionTool = {
  definition: {
    name: "get_invoice",
    description: "Fetch an invoice with its line items, tax and payment attempts.",
    parameters: objectSchema({ invoice_id: { type: "string" } }, ["invoice_id"]),
  },
  sampleArguments: (rng) => ({ invoice_id: `in_${rng.alnum(20)}` }),
};

const issueRefund: FunctionTool = {
  definition: {
    name: "issue_refund",
    description: "Refund all or part of an invoice. Amounts are in the invoice currency's minor unit.",
    parameters: objectSchema(
      {
        invoice_id: { type: "string" },
        amount_cents: { type: "integer", minimum: 1 },
        reason: { type: "string", enum: ["duplicate", "fraudulent", "requested_by_customer"] },
      },
      ["invoice_id", "amount_cents", "reason"],
    ),
  },
  sampleArguments: (rng) => ({
    invoice_id: `in_${rng.alnum(20)}`,
    amount_cents: rng.int(5, 4999) * 100,
    reason: rng.pick(["duplicate", "requested_by_customer", "requested_by_customer", "fraudulent"]),
  }),
};

const runSqlQuery: FunctionTool = {
  definition: {
    name: "run_sql_query",
    description: "Run a read-only SQL query against the analytics warehouse and return up to 500 rows.",
    parameters: objectSchema(
      { sql: { type: "string" }, timeout_seconds: { type: "integer", minimum: 1, maximum: 120 } },
      ["sql"],
    ),
  },
  sampleArguments: (rng) => ({
    sql: rng.pick([
      "SELECT date_trunc('day', created_at) AS day, count(*) FROM orders WHERE created_at >= now() - interval '30 days' GROUP BY 1 ORDER BY 1",
      "SELECT plan, avg(seats) AS avg_seats FROM accounts WHERE churned_at IS NULL GROUP BY plan",
      "SELECT country, sum(amount_cents) / 100.0 AS revenue FROM payments WHERE status = 'succeeded' GROUP BY country ORDER BY revenue DESC LIMIT 10",
    ]),
    timeout_seconds: rng.pick([30, 60, 120]),
  }),
};

const getMetricTimeseries: FunctionTool = {
  definition: {
    name: "get_metric_timeseries",
    description: "Return a metric's values between two dates at the given granularity.",
    parameters: objectSchema(
      {
        metric: { type: "string", enum: METRICS },
        from: { type: "string", format: "date" },
        to: { type: "string", format: "date" },
        granularity: { type: "string", enum: ["hour", "day", "week"] },
      },
      ["metric", "from", "to"],
    ),
  },
  sampleArguments: (rng) => {
    const day = rng.int(1, 20);
    return {
      metric: rng.pick(METRICS),
      from: `2025-12-${String(day).padStart(2, "0")}`,
      to: `2026-01-${String(rng.int(1, 4)).padStart(2, "0")}`,
      granularity: rng.pick(["hour", "day", "week"]),
    };
  },
};

const listMergedPullRequests: FunctionTool = {
  definition: {
    name: "list_merged_pull_requests",
    description: "List pull requests merged into the default branch since a tag.",
    parameters: objectSchema(
      {
        repo: { type: "string", enum: REPOS },
        since_tag: { type: "string" },
        labels: { type: "array", items: { type: "string" } },
      },
      ["repo", "since_tag"],
    ),
  },
  sampleArguments: (rng) => ({
    repo: rng.pick(REPOS),
    since_tag: `v2.${rng.int(10, 14)}.${rng.int(0, 6)}`,
    labels: rng.shuffle(["feature", "bug", "breaking", "docs"]).slice(0, rng.int(0, 2)),
  }),
};

const getIssue: FunctionTool = {
  definition: {
    name: "get_issue",
    description: "Fetch an issue's title, body and labels.",
    parameters: objectSchema({ repo: { type: "string", enum: REPOS }, number: { type: "integer" } }, [
      "repo",
      "number",
    ]),
  },
  sampleArguments: (rng) => ({ repo: rng.pick(REPOS), number: rng.int(12, 2400) }),
};

export const ASSISTANTS: readonly AssistantFixture[] = [
  {
    name: "Support Triage",
    model: "gpt-4o",
    instructions:
      "You are the first-line support assistant for Runboard customers. Identify the customer, look up their orders before answering, keep replies under 150 words, and escalate anything involving data loss or security to tier 2 with create_escalation.",
    codeInterpreter: false,
    functions: [lookupOrder, getCustomerProfile, createEscalation],
  },
  {
    name: "Billing Assistant",
    model: "gpt-4.1-mini",
    instructions:
      "You answer billing questions. Always fetch the invoice before discussing amounts. Refunds above 500 USD need a human: explain that a teammate will follow up instead of calling issue_refund.",
    codeInterpreter: false,
    functions: [getInvoice, issueRefund, getCustomerProfile],
  },
  {
    name: "Data Analyst",
    model: "gpt-4.1",
    instructions:
      "You are a data analyst. Query the warehouse with run_sql_query (read-only), then use the code interpreter to chart results. State the time range and any filters you applied in every answer.",
    codeInterpreter: true,
    functions: [runSqlQuery, getMetricTimeseries],
  },
  {
    name: "Release Notes Writer",
    model: "gpt-4o-mini",
    instructions:
      "Draft release notes from merged pull requests. Group changes into Features, Fixes and Breaking changes; link every item to its pull request; never invent changes that are not in the list.",
    codeInterpreter: true,
    functions: [listMergedPullRequests, getIssue],
  },
];

/** Models a run may override its assistant's model with (the API allows a per-run model). */
export const MODELS = ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4-turbo"] as const;

export function toolDefinitions(codeInterpreter: boolean, functions: readonly FunctionTool[]): ToolDefinition[] {
  const tools: ToolDefinition[] = codeInterpreter ? [{ type: "code_interpreter" }] : [];
  for (const fn of functions) tools.push({ type: "function", function: fn.definition });
  return tools;
}
