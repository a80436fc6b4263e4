import type { ListRunsInput } from "@runboard/contract";
import { withClient } from "./database.ts";

export type ListFilterInput = Pick<ListRunsInput, "thread_id" | "status" | "metadata">;

export interface ListCase {
  name: string;
  filter: ListFilterInput;
}

async function values(url: string, sql: string): Promise<string[]> {
  return withClient(url, async (client) => (await client.query<{ value: string }>(sql)).rows.map((r) => r.value));
}

const CUSTOMERS = "SELECT metadata->>'customer_id' AS value FROM runs WHERE metadata ? 'customer_id' GROUP BY 1";

/** The lists an operator opens, with values picked from the loaded data. */
export async function listCases(url: string): Promise<ListCase[]> {
  const [thread] = await values(url, "SELECT thread_id AS value FROM runs GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
  const [customer] = await values(url, `${CUSTOMERS} ORDER BY count(*) DESC LIMIT 1`);
  if (!thread || !customer) throw new Error("the bench database has no runs with threads and customers");
  return [
    { name: "by thread (the largest)", filter: { thread_id: thread } },
    { name: "by status (failed)", filter: { status: "failed" } },
    { name: "by two statuses (failed, expired)", filter: { status: ["failed", "expired"] } },
    { name: "by two rare statuses (queued, requires_action)", filter: { status: ["queued", "requires_action"] } },
    { name: "by metadata team=payments", filter: { metadata: { team: "payments" } } },
    { name: "by metadata env=prod (most runs)", filter: { metadata: { env: "prod" } } },
    {
      name: `by metadata customer_id=${customer} (the largest customer)`,
      filter: { metadata: { customer_id: customer } },
    },
    { name: "by two metadata pairs env=prod, team=payments", filter: { metadata: { env: "prod", team: "payments" } } },
    {
      name: "by status and metadata (failed, team=payments)",
      filter: { status: "failed", metadata: { team: "payments" } },
    },
  ];
}

/**
 * Customers with a mid-size history (each in one stretch of time, as their threads are): neither
 * rare enough for the GIN index to be cheap nor common enough for a walk of the created_at index.
 */
export function midSizeCustomers(url: string, min: number, max: number, limit: number): Promise<string[]> {
  return values(url, `${CUSTOMERS} HAVING count(*) BETWEEN ${min} AND ${max} ORDER BY count(*) DESC, 1 LIMIT ${limit}`);
}
