import type { Page } from "@playwright/test";
import { createPrismaClient } from "@runboard/db";
import { E2E_DATABASE_URL } from "./env";
import { expect, openRunPage, test } from "./fixtures";
import { startSecondInstance } from "./second-instance";

// The bar: a change shows on every open page within a second, without a reload.
const WITHIN_A_SECOND = { timeout: 1_000 };

/** Opens a page and waits until its live-updates event stream is connected, so no change is missed. */
async function openWithLiveUpdates(page: Page, open: () => Promise<unknown>) {
  const streaming = page.waitForResponse((r) => r.url().includes("live.runChanges"));
  await open();
  await streaming;
}

test("a metadata change saved on one page appears on another open list page", async ({ browser, seedRun }) => {
  const run = await seedRun({ a: "1" });
  const watcher = await (await browser.newContext()).newPage();
  await openWithLiveUpdates(watcher, () => watcher.goto(`/?thread=${run.threadId}`));
  const metadata = watcher.locator("table.runs tbody tr td.metadata");
  await expect(metadata).toHaveText("a=1");

  const editor = await (await browser.newContext()).newPage();
  await openRunPage(editor, run.url);
  await editor.getByRole("button", { name: "+ Add key" }).click();
  await editor.getByLabel("Key 2", { exact: true }).fill("b");
  await editor.getByLabel("Value 2", { exact: true }).fill("2");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("status")).toHaveText("Saved 1 change(s).");

  await expect(metadata).toHaveText("a=1b=2", WITHIN_A_SECOND);
});

test("a status change made by a service appears on an open run page", async ({ page, seedRun }) => {
  const run = await seedRun({}, { status: "completed" });
  await openWithLiveUpdates(page, () => openRunPage(page, run.url));
  const badge = page.locator(".run-header [data-status]");
  await expect(badge).toHaveAttribute("data-status", "completed");

  const prisma = createPrismaClient(E2E_DATABASE_URL, { maxConnections: 1 });
  await prisma.run.update({ where: { id: run.runId }, data: { status: "failed", failedAt: new Date() } });
  await prisma.$disconnect();

  await expect(badge).toHaveAttribute("data-status", "failed", WITHIN_A_SECOND);
  await expect(page.getByRole("region", { name: "Overview" })).toContainText("Failed");
});

test("two app instances on different ports: a change through one shows on a page of the other", async ({
  browser,
  seedRun,
}) => {
  const second = await startSecondInstance();
  try {
    const run = await seedRun({ a: "1" });
    const watcher = await (await browser.newContext({ baseURL: second.url })).newPage();
    await openWithLiveUpdates(watcher, () => watcher.goto(`/?thread=${run.threadId}`));
    const metadata = watcher.locator("table.runs tbody tr td.metadata");
    await expect(metadata).toHaveText("a=1");

    const editor = await (await browser.newContext()).newPage();
    await openRunPage(editor, run.url);
    await editor.getByLabel("Value 1", { exact: true }).fill("changed");
    await editor.getByRole("button", { name: "+ Add key" }).click();
    await editor.getByLabel("Key 2", { exact: true }).fill("from_instance_one");
    await editor.getByLabel("Value 2", { exact: true }).fill("yes");
    await editor.getByRole("button", { name: "Save" }).click();
    await expect(editor.getByRole("status")).toHaveText("Saved 2 change(s).");

    await expect(metadata).toHaveText("a=changedfrom_instance_one=yes", WITHIN_A_SECOND);
  } finally {
    await second.stop();
  }
});

test("an operator editing the form is told the run changed, and keeps their input", async ({ browser, seedRun }) => {
  const run = await seedRun({ a: "1" });
  const typing = await (await browser.newContext()).newPage();
  await openWithLiveUpdates(typing, () => openRunPage(typing, run.url));
  await typing.getByLabel("Value 1", { exact: true }).fill("mine");

  const other = await (await browser.newContext()).newPage();
  await openRunPage(other, run.url);
  await other.getByRole("button", { name: "+ Add key" }).click();
  await other.getByLabel("Key 2", { exact: true }).fill("b");
  await other.getByLabel("Value 2", { exact: true }).fill("theirs");
  await other.getByRole("button", { name: "Save" }).click();
  await expect(other.getByRole("status")).toHaveText("Saved 1 change(s).");

  await expect(typing.getByTestId("remote-change")).toContainText("Someone else changed this run", WITHIN_A_SECOND);
  await expect(typing.getByLabel("Value 1", { exact: true })).toHaveValue("mine");
  await expect(typing.getByTestId("metadata-row")).toHaveCount(1);

  // A page with nothing typed simply shows the new version.
  const idle = await (await browser.newContext()).newPage();
  await openWithLiveUpdates(idle, () => openRunPage(idle, run.url));
  await other.getByLabel("Value 2", { exact: true }).fill("theirs again");
  await other.getByRole("button", { name: "Save" }).click();
  await expect(other.getByRole("status")).toHaveText("Saved 1 change(s).");
  await expect(idle.getByLabel("Value 2", { exact: true })).toHaveValue("theirs again", WITHIN_A_SECOND);
});
