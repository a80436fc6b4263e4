import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** Whether the runs list needs horizontal scrolling (in its own box or the page's). */
async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const box = document.querySelector(".table-scroll") as HTMLElement;
    return box.scrollWidth > box.clientWidth + 1 || document.documentElement.scrollWidth > window.innerWidth + 1;
  });
}

test("at 1280 px the list fits without sideways scrolling, shows metadata values, and a row opens its run", async ({
  page,
  seedRun,
}, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const run = await seedRun({ env: "production", team: "payments", owner: "ana", ticket: "OPS-12" });
  const [, threadId] = /\/threads\/([^/]+)\//.exec(run.url) ?? [];
  await page.goto("/");
  const row = page.locator("table.runs tbody tr").first();
  await expect(row).toContainText("env=production");
  await expect(row).toContainText("+1 more");
  expect(await scrollsSideways(page)).toBe(false);
  await page.screenshot({ path: testInfo.outputPath("runs-list-1280.png") });

  // A click anywhere on the row (here: its model) opens the run.
  await row.getByRole("cell", { name: "gpt-4o" }).click();
  await expect(page).toHaveURL(new RegExp(`${run.url}$`));

  // The thread cell goes to that thread's runs.
  await page.goto("/");
  await page.getByRole("link", { name: `Runs of thread ${threadId}` }).click();
  await expect(page).toHaveURL(new RegExp(`/\\?thread=${threadId}$`));
  await expect(page.locator("table.runs tbody tr")).toHaveCount(1);
});

test("on a phone the list is a column of cards, each field under its label", async ({ page, seedRun }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await seedRun({ env: "staging" });
  await page.goto("/");
  const card = page.locator("table.runs tbody tr").first();
  await expect(card).toContainText("env=staging");
  await expect(page.locator("table.runs thead")).toBeHidden();
  const label = await card
    .locator('td[data-label="Status"]')
    .evaluate((cell) => getComputedStyle(cell, "::before").content);
  expect(label).toBe('"Status"');
  expect(await scrollsSideways(page)).toBe(false);
  await page.screenshot({ path: testInfo.outputPath("runs-list-phone.png"), fullPage: true });
});

test("the Created header sorts oldest first and back, in the URL", async ({ page }) => {
  await page.goto("/");
  const firstRun = page.locator('table.runs tbody tr td[data-label="Run"] a').first();
  const newest = await firstRun.textContent();
  await page.getByRole("button", { name: "Created ↓" }).click();
  await expect(page).toHaveURL(/\?order=asc$/);
  await expect(page.getByRole("columnheader", { name: "Created ↑" })).toHaveAttribute("aria-sort", "ascending");
  await expect(firstRun).not.toHaveText(newest ?? "");
  const oldest = await firstRun.textContent();
  // The next page continues in the same order.
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(page).toHaveURL(/order=asc&after=run_/);
  await expect(firstRun).not.toHaveText(oldest ?? "");
  await page.getByRole("button", { name: "Created ↑" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(firstRun).toHaveText(newest ?? "");
});
