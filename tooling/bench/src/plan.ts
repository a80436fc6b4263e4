import type pg from "pg";
import type { Statement } from "./capture-sql.ts";

/** The parts of a PostgreSQL plan (EXPLAIN FORMAT JSON) that say how a query reads its rows. */
export interface PlanSummary {
  /** Every node, as "Node Type [using index] [on relation]", depth-first. */
  nodes: string[];
  indexes: string[];
  /** Relations read by a sequential scan. */
  seqScans: string[];
  /** EXPLAIN ANALYZE only. */
  executionMs?: number;
}

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  Plans?: PlanNode[];
}

export function summarizePlan(explain: unknown): PlanSummary {
  const [root] = explain as [{ Plan: PlanNode; "Execution Time"?: number }];
  const summary: PlanSummary = { nodes: [], indexes: [], seqScans: [] };
  const visit = (node: PlanNode, depth: number) => {
    if (depth > 100) return;
    const index = node["Index Name"];
    const relation = node["Relation Name"];
    summary.nodes.push(
      [node["Node Type"], index ? `using ${index}` : "", relation ? `on ${relation}` : ""].filter(Boolean).join(" "),
    );
    if (index && !summary.indexes.includes(index)) summary.indexes.push(index);
    if (node["Node Type"] === "Seq Scan" && relation) summary.seqScans.push(relation);
    for (const child of node.Plans ?? []) visit(child, depth + 1);
  };
  visit(root.Plan, 0);
  if (root["Execution Time"] !== undefined) summary.executionMs = root["Execution Time"];
  return summary;
}

/** EXPLAINs a statement exactly as the service sent it (same text, same parameters). */
export async function explain(client: pg.Client, statement: Statement, analyze = false): Promise<PlanSummary> {
  const options = analyze ? "ANALYZE, BUFFERS, FORMAT JSON" : "FORMAT JSON";
  const { rows } = await client.query<{ "QUERY PLAN": unknown }>(
    `EXPLAIN (${options}) ${statement.text}`,
    statement.values as unknown[],
  );
  return summarizePlan(rows[0]?.["QUERY PLAN"]);
}
