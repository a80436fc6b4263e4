import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { withClient } from "./database.ts";

export interface Machine {
  date: string;
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  /** The 1-minute load average when the run started: other work on the machine skews every number. */
  loadAverage: number;
}

/** What the numbers were measured on; they mean little without it. */
export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const postgres = await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ v: string }>("SELECT version() AS v");
    return (rows[0]?.v ?? "unknown").split(" on ")[0] as string;
  });
  return {
    date: new Date().toISOString(),
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    postgres,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export const machineLine = (m: Machine) =>
  `${m.date.slice(0, 10)} · ${m.nproc} CPUs (${m.cpu}) · ${m.memoryGiB} GiB · Node ${m.node} · ${m.postgres} · ` +
  `load average ${m.loadAverage} at the start`;
