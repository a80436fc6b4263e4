import type { DatasetSpec } from "./dataset.ts";
import { type Machine, machineLine } from "./machine.ts";
import type { PlanSummary } from "./plan.ts";

export const TARGET_P95_MS = 10;

export interface Latency {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface PageResult extends Latency {
  /** 1, or the deep page (the last one when the list has fewer pages). */
  page: number;
  /** The page statement's plan and time inside PostgreSQL (EXPLAIN ANALYZE). */
  plan: PlanSummary;
}

export interface CaseResult {
  name: string;
  filter: unknown;
  walkSeconds: number;
  pages: PageResult[];
}

export interface SweepResult extends Latency {
  name: string;
  customers: number;
  postgresP50: number;
  postgresMax: number;
  /** How many customers' first pages ran on each plan shape. */
  plans: Record<string, number>;
}

export interface ListResults {
  machine: Machine;
  dataset: DatasetSpec;
  limit: number;
  requests: number;
  cases: CaseResult[];
  sweep: SweepResult | null;
}

const verdict = (p95: number) => (p95 <= TARGET_P95_MS ? "met" : "missed");
const plan = (p: PlanSummary) =>
  `${p.indexes.join(", ") || "none"}${p.nodes.some((n) => n.startsWith("Sort")) ? " + Sort" : ""}` +
  (p.seqScans.length > 0 ? ` (Seq Scan on ${p.seqScans.join(", ")})` : "");

export function listMarkdown(results: ListResults): string {
  const { dataset } = results;
  const lines = [
    "# run.list on a large store",
    "",
    `Measured ${machineLine(results.machine)}.`,
    "",
    `\`pnpm bench list\` on ${dataset.runs.toLocaleString("en-US")} runs over ${dataset.threads.toLocaleString("en-US")} threads ` +
      `(loaded by \`pnpm bench load\`): run.list through the production server over HTTP (tRPC), ${results.limit} runs ` +
      "per page, newest first. The deep page is reached by walking the cursors once, then the same page is requested " +
      `${results.requests} times one after another (a slow page gets fewer requests, at least 10), timed by the client ` +
      'on loopback. A list with fewer pages is measured on its last page. "PostgreSQL" is the page statement\'s ' +
      `EXPLAIN ANALYZE time, "plan" the indexes it reads. Target: p95 ≤ ${TARGET_P95_MS} ms.`,
    "",
    "| list | page | requests | p50 ms | p95 ms | p99 ms | PostgreSQL ms | plan | target |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |",
  ];
  for (const c of results.cases) {
    for (const p of c.pages) {
      lines.push(
        `| ${c.name} | ${p.page.toLocaleString("en-US")} | ${p.samples} | ${p.p50} | ${p.p95} | ${p.p99} | ` +
          `${p.plan.executionMs?.toFixed(2) ?? "–"} | ${plan(p.plan)} | ${verdict(p.p95)} |`,
      );
    }
  }
  const s = results.sweep;
  if (s) {
    const plans = Object.entries(s.plans)
      .map(([shape, n]) => `${n} × ${shape}`)
      .join(", ");
    lines.push(
      `| ${s.name} | 1 | ${s.samples} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.postgresP50} (max ${s.postgresMax}) | ${plans} | ${verdict(s.p95)} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}
