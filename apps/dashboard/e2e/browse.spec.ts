import type { Page, Response } from "@playwright/test";
import { apiGetRun, expect, test } from "./fixtures";

/** JavaScript a route downloads on a cold first load (Next 16 no longer prints First Load JS). */
async function loadedScriptBytes(page: Page, url: string): Promise<number> {
  const sizes: Promise<number>[] = [];
  const onResponse = (response: Response) => {
    if (response.request().resourceType() === "script") {
      sizes.push(
        response.body().then(
          (body) => body.length,
          () => 0,
        ),
      );
    }
  };
  page.on("response", onResponse);
  await page.goto(url, { waitUntil: "networkidle" });
  page.off("response", onResponse);
  return (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
}

test("filter the list to one status and open a run: its page shows the seeded fields", async ({
  page,
  baseURL,
}, testInfo) => {
  const listBytes = await loadedScriptBytes(page, "/");
  await expect(page.getByRole("heading", { name: "Runs" })).toBeVisible();
  await expect(page.locator("table.runs tbody tr")).toHaveCount(25);
  await page.screenshot({ path: testInfo.outputPath("runs-list.png"), fullPage: true });

  await page.getByRole("checkbox", { name: "failed" }).check();
  await expect(page).toHaveURL(/\?status=failed$/);
  const statuses = page.locator("table.runs tbody tr [data-status]");
  await expect(statuses.first()).toHaveAttribute("data-status", "failed");
  for (const status of await statuses.all()) await expect(status).toHaveAttribute("data-status", "failed");

  // The filter lives in the URL: a reload keeps it.
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "failed" })).toBeChecked();

  const firstLink = page.locator('table.runs tbody tr td[data-label="Run"] a').first();
  const runId = (await firstLink.textContent()) ?? "";
  await firstLink.click();
  await expect(page).toHaveURL(new RegExp(`/runs/${runId}$`));

  const threadId = decodeURIComponent(page.url().split("/threads/")[1]?.split("/")[0] ?? "");
  const run = (await apiGetRun(baseURL as string, threadId, runId)) as unknown as {
    model: string;
    last_error: { code: string; message: string };
    metadata: Record<string, string>;
  };
  await expect(page.getByRole("heading", { level: 1 })).toContainText(runId);
  await expect(page.locator(".run-header [data-status]")).toHaveAttribute("data-status", "failed");
  const lastError = page.getByRole("region", { name: "Last error" });
  await expect(lastError).toContainText(run.last_error.code);
  await expect(lastError).toContainText(run.last_error.message);
  await expect(page.getByRole("region", { name: "Overview" })).toContainText(run.model);
  await expect(page.getByTestId("key-counter")).toHaveText(`${Object.keys(run.metadata).length} / 16 keys`);
  for (const [key, value] of Object.entries(run.metadata)) {
    const row = page.locator(`[data-testid="metadata-row"][data-key=${JSON.stringify(key)}]`);
    await expect(row.getByRole("textbox", { name: /^Value/ })).toHaveValue(value);
  }
  await page.screenshot({ path: testInfo.outputPath("run-page.png"), fullPage: true });

  const fresh = await page.context().browser()?.newContext();
  const runPage = await fresh?.newPage();
  const runBytes = runPage ? await loadedScriptBytes(runPage, page.url()) : 0;
  await fresh?.close();
  await testInfo.attach("first-load-js.json", {
    body: JSON.stringify({ "/": listBytes, "/threads/[thread_id]/runs/[run_id]": runBytes }, null, 2),
    contentType: "application/json",
  });
});

test("pages forwards and back with the cursor in the URL", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("table.runs tbody tr")).toHaveCount(25);
  const firstPage = await page.locator('table.runs tbody tr td[data-label="Run"] a').allTextContents();
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(page).toHaveURL(/after=run_/);
  await expect(page.locator('table.runs tbody tr td[data-label="Run"] a').first()).not.toHaveText(firstPage[0] ?? "");
  await expect(page.locator("table.runs tbody tr")).toHaveCount(25);
  const secondPage = await page.locator('table.runs tbody tr td[data-label="Run"] a').allTextContents();
  expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);
  await page.getByRole("button", { name: "← Previous" }).click();
  await expect(page).toHaveURL(/before=run_/);
  await expect(page.locator('table.runs tbody tr td[data-label="Run"] a')).toHaveText(firstPage);
});

test("a run page shows required tool calls with pretty-printed arguments", async ({ page }) => {
  await page.goto("/?status=requires_action");
  await page.locator('table.runs tbody tr td[data-label="Run"] a').first().click();
  const action = page.getByRole("region", { name: /Required action/ });
  await expect(action).toBeVisible();
  const args = action.locator("pre.code").first();
  // Pretty-printed JSON spans several lines.
  expect(((await args.textContent()) ?? "").split("\n").length).toBeGreaterThan(1);
});

test("an empty filter result says so", async ({ page }) => {
  await page.goto("/?thread=thread_that_does_not_exist");
  await expect(page.getByText("No runs match these filters.")).toBeVisible();
});

test("a mismatched thread/run URL is a 404 not-found page", async ({ page, seedRun }) => {
  const run = await seedRun();
  const response = await page.goto(`/threads/thread_other/runs/${run.runId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  const missing = await page.goto(`/threads/${run.threadId}/runs/run_missing`);
  expect(missing?.status()).toBe(404);
  const ok = await page.goto(run.url);
  expect(ok?.status()).toBe(200);
});

test("when the API cannot reach the database, the list shows an error banner and can retry", async ({ page }) => {
  // The server's own 503 for this case (see apps/server/test/database-down.test.ts), for the first
  // load and the one automatic retry the dashboard makes for server errors.
  // Every call of a batch that carries run.list fails (the page batches it with the saved views).
  let failures = 2;
  await page.route(/\/api\/trpc\/[^?]*run\.list/, async (route) => {
    if (failures-- <= 0) return route.continue();
    const paths = decodeURIComponent(new URL(route.request().url()).pathname.split("/").pop() ?? "").split(",");
    await route.fulfill({
      status: 503,
      contentType: "application/json",
      body: JSON.stringify(
        paths.map((path) => ({
          error: {
            message: "The database is unavailable right now. Runboard reconnects by itself; retry in a few seconds.",
            code: -32603,
            data: { code: "SERVICE_UNAVAILABLE", httpStatus: 503, path },
          },
        })),
      ),
    });
  });
  await page.goto("/");
  const banner = page.getByRole("alert").filter({ hasText: "Could not load runs" });
  await expect(banner).toContainText("The database is unavailable right now");
  await banner.getByRole("button", { name: "Retry" }).click();
  await expect(page.locator("table.runs tbody tr")).toHaveCount(25);
});
