import { readFile } from "node:fs/promises";

// Where a V8 CPU profile (node --cpu-prof) spent its time: self time per function and per package,
// so "where does the time go" has an answer in numbers rather than in a flame graph screenshot.

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileLine {
  name: string;
  ms: number;
  percent: number;
}

/** `node_modules/.pnpm/fastify@5/node_modules/fastify/lib/x.js` → `fastify`; workspace files by folder. */
export function packageOf(url: string): string {
  if (url === "") return "(native / idle / gc)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules !== -1) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:")) return "node (built-in)";
  const workspace = /\/(packages|apps|tooling)\/([^/]+)\//.exec(url);
  return workspace ? `${workspace[1]}/${workspace[2]}` : url;
}

function top(totals: Map<string, number>, all: number, count: number): ProfileLine[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => ({ name, ms: Math.round(us / 1000), percent: Math.round((us / all) * 1000) / 10 }));
}

export async function summarizeProfile(file: string, count = 25) {
  const profile = JSON.parse(await readFile(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfTime = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) {
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let all = 0;
  let idle = 0;
  for (const [id, us] of selfTime) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === "(idle)") {
      idle += us;
      continue;
    }
    all += us;
    const file = frame.url.split("/").slice(-2).join("/");
    const name = `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byPackage.set(packageOf(frame.url), (byPackage.get(packageOf(frame.url)) ?? 0) + us);
  }
  return {
    busyMs: Math.round(all / 1000),
    idleMs: Math.round(idle / 1000),
    packages: top(byPackage, all, count),
    functions: top(byFunction, all, count),
  };
}

export async function printProfile(file: string, count = 25): Promise<void> {
  const summary = await summarizeProfile(file, count);
  console.log(`${file}: ${summary.busyMs} ms busy, ${summary.idleMs} ms idle\n\nself time by package:`);
  for (const line of summary.packages)
    console.log(`  ${String(line.percent).padStart(5)} %  ${line.ms} ms  ${line.name}`);
  console.log("\nself time by function:");
  for (const line of summary.functions)
    console.log(`  ${String(line.percent).padStart(5)} %  ${line.ms} ms  ${line.name}`);
}
