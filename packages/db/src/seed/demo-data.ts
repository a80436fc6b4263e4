// Assembles the whole demo data set in memory: assistants, threads, and runs laid out along each
// thread's timeline. Pure and deterministic: the same options always give the same rows.
import type { Prisma, RunStatus } from "../generated/prisma/client.ts";
import { ASSISTANTS } from "./demo-assistants.ts";
import { threadMetadata } from "./demo-metadata.ts";
import { ACTIVE_STATUSES, buildRun, type RunContext, TERMINAL_STATUSES } from "./demo-runs.ts";
import { Rng } from "./prng.ts";

export interface DemoDataOptions {
  runs?: number;
  threads?: number;
}

export interface DemoData {
  assistants: Prisma.AssistantCreateManyInput[];
  threads: Prisma.ThreadCreateManyInput[];
  runs: Prisma.RunCreateManyInput[];
}

export const DEFAULT_DEMO_RUNS = 500;
export const DEFAULT_DEMO_THREADS = 50;
/** Every demo timestamp is an offset from this instant; nothing reads the clock. */
export const DEMO_BASE_TIME = Date.UTC(2026, 0, 5, 9, 0, 0) / 1000;
const SEED = 0x5242_444d; // "RBDM"

const HOUR = 3600;
const DAY = 24 * HOUR;

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`seedDemoData: ${name} must be a non-negative integer, got ${value}`);
  }
}

/** Runs per thread: every thread gets one, the rest go preferentially to a few busy threads. */
function runsPerThread(rng: Rng, runs: number, threads: number): number[] {
  const counts = Array.from({ length: threads }, (_, i): number => (i < runs ? 1 : 0));
  const weights = counts.map(() => 0.2 + rng.float() ** 2 * 3);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let left = runs - Math.min(runs, threads); left > 0; left--) {
    let roll = rng.float() * total;
    let j = 0;
    while (j < threads - 1 && roll >= (weights[j] as number)) roll -= weights[j++] as number;
    counts[j] = (counts[j] as number) + 1;
  }
  return counts;
}

/** Pause between a run ending and the next one in the same thread. */
function gapSeconds(rng: Rng): number {
  const kind = rng.weighted({ followUp: 60, later: 30, nextDay: 10 });
  if (kind === "followUp") return rng.int(20, 600);
  if (kind === "later") return rng.int(HOUR / 2, 8 * HOUR);
  return rng.int(12 * HOUR, 48 * HOUR);
}

export function buildDemoData(options: DemoDataOptions = {}): DemoData {
  const runCount = options.runs ?? DEFAULT_DEMO_RUNS;
  const threadCount = options.threads ?? DEFAULT_DEMO_THREADS;
  checkCount("runs", runCount);
  checkCount("threads", threadCount);
  if (runCount > 0 && threadCount === 0) throw new RangeError("seedDemoData: runs need at least one thread");

  const rng = new Rng(SEED);
  const organization = rng.id("org-");

  const assistants = ASSISTANTS.map((fixture, i) => ({
    fixture,
    row: {
      id: rng.id("asst_"),
      name: fixture.name,
      model: fixture.model,
      instructions: fixture.instructions,
      createdAt: new Date((DEMO_BASE_TIME - (40 - 5 * i) * DAY) * 1000),
    } satisfies Prisma.AssistantCreateManyInput,
  }));

  const threads = Array.from({ length: threadCount }, () => ({
    row: {
      id: rng.id("thread_"),
      metadata: threadMetadata(rng),
      createdAt: new Date((DEMO_BASE_TIME + rng.int(0, 18 * DAY)) * 1000),
    } satisfies Prisma.ThreadCreateManyInput,
    // A thread mostly talks to one assistant; a few runs go to another one.
    assistant: rng.int(0, assistants.length - 1),
  }));

  const counts = runsPerThread(rng, runCount, threadCount);
  const runs: Prisma.RunCreateManyInput[] = [];
  let terminalSoFar = 0;

  threads.forEach((thread, t) => {
    const count = counts[t] as number;
    let cursor = thread.row.createdAt.getTime() / 1000 + rng.int(5, 120);
    for (let k = 0; k < count; k++) {
      const isNewest = k === count - 1;
      let status: RunStatus;
      // The first four threads end in one active status each, so every status is always present.
      if (isNewest && t < ACTIVE_STATUSES.length) status = ACTIVE_STATUSES[t] as RunStatus;
      else if (isNewest && rng.chance(0.4)) {
        status = rng.weighted({ queued: 2, in_progress: 3, requires_action: 4, cancelling: 1 });
      } else if (terminalSoFar < TERMINAL_STATUSES.length) status = TERMINAL_STATUSES[terminalSoFar++] as RunStatus;
      else {
        terminalSoFar++;
        status = rng.weighted({ completed: 72, failed: 10, cancelled: 8, expired: 10 });
      }

      const index = runs.length;
      const assistantIndex = rng.chance(0.9) ? thread.assistant : rng.int(0, assistants.length - 1);
      const assistant = assistants[assistantIndex] as (typeof assistants)[number];
      const ctx: RunContext = {
        id: rng.id("run_"),
        threadId: thread.row.id,
        assistantId: assistant.row.id,
        assistant: assistant.fixture,
        status,
        createdAt: cursor,
        organization,
      };
      // Showcase shapes on fixed runs, so the tests and docs can count on them at any size.
      if (index === 0) ctx.special = "limit_metadata";
      else if (index === 1) ctx.special = "empty_metadata";
      else if (index === 2) ctx.special = "long_instructions";

      const built = buildRun(rng, ctx);
      runs.push(built.row);
      cursor = built.endedAt + gapSeconds(rng);
    }
  });

  return { assistants: assistants.map((a) => a.row), threads: threads.map((t) => t.row), runs };
}
