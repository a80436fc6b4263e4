import { randomBytes } from "node:crypto";
import { test as base } from "@playwright/test";
import { createAccountService, createAuth } from "@runboard/api";
import type { KeyScope } from "@runboard/contract";
import { createPrismaClient } from "@runboard/db";
import { E2E_AUTH_SECRET, E2E_DATABASE_URL } from "./env";

export interface SeededRun {
  threadId: string;
  runId: string;
  url: string;
}

type Seed = (metadata?: Record<string, string>, extra?: { status?: "completed" | "failed" }) => Promise<SeededRun>;

/** Each test seeds the runs it edits, so tests never depend on one another's changes. */
export const test = base.extend<{ seedRun: Seed }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
  seedRun: async ({}, use) => {
    const prisma = createPrismaClient(E2E_DATABASE_URL, { maxConnections: 2 });
    await use(async (metadata = {}, extra = {}) => {
      const suffix = randomBytes(6).toString("hex");
      const threadId = `thread_e2e${suffix}`;
      const runId = `run_e2e${suffix}`;
      await prisma.thread.create({ data: { id: threadId } });
      await prisma.assistant.upsert({
        where: { id: "asst_e2e" },
        create: { id: "asst_e2e", model: "gpt-4o" },
        update: {},
      });
      await prisma.run.create({
        data: {
          id: runId,
          threadId,
          assistantId: "asst_e2e",
          status: extra.status ?? "completed",
          createdAt: new Date(),
          completedAt: new Date(),
          model: "gpt-4o",
          instructions: "Answer briefly.",
        },
      });
      // As JSON text: Prisma's own serializer would drop a "__proto__" key, an ordinary metadata key.
      await prisma.$executeRaw`UPDATE runs SET metadata = ${JSON.stringify(metadata)}::jsonb WHERE id = ${runId}`;
      return { threadId, runId, url: `/threads/${threadId}/runs/${runId}` };
    });
    await prisma.$disconnect();
  },
});

export { expect } from "@playwright/test";

/** A new API key straight in the e2e database (as an admin would create it in the dashboard). */
export async function createApiKey(scope: KeyScope, name = `e2e-${scope}`): Promise<string> {
  const prisma = createPrismaClient(E2E_DATABASE_URL, { maxConnections: 1 });
  try {
    const auth = createAuth(prisma, {
      baseURL: "http://127.0.0.1",
      secret: E2E_AUTH_SECRET,
      logger: { disabled: true },
    });
    const accounts = createAccountService({ auth, prisma });
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: "admin@runboard.test" } });
    return (await accounts.createKey(owner.id, { name, scope })).key;
  } finally {
    await prisma.$disconnect();
  }
}

let readKey: Promise<string> | undefined;

/** What the API says about a run, fetched the way any HTTP client would (with a read key). */
export async function apiGetRun(baseURL: string, threadId: string, runId: string) {
  readKey ??= createApiKey("read", "e2e-reader");
  const input = encodeURIComponent(JSON.stringify({ thread_id: threadId, run_id: runId }));
  const response = await fetch(`${baseURL}/api/trpc/run.get?input=${input}`, {
    headers: { authorization: `Bearer ${await readKey}` },
  });
  const body = (await response.json()) as { result: { data: { metadata: Record<string, string> } } };
  return body.result.data;
}

/**
 * Opens a run page and waits until React has hydrated the metadata editor: text typed before
 * that is overwritten when the form registers its fields (seen on a busy 2-core machine).
 */
export async function openRunPage(page: import("@playwright/test").Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => {
    const form = document.querySelector(".metadata-editor form");
    return form !== null && Object.keys(form).some((key) => key.startsWith("__reactProps"));
  });
}
