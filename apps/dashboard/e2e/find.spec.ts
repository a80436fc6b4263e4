import { expect, test } from "./fixtures";

test("the header finds a run, a thread or an assistant by its id, and says so when nothing has it", async ({
  page,
  seedRun,
}) => {
  const run = await seedRun({ found: "yes" });
  const [, threadId, runId] = /\/threads\/([^/]+)\/runs\/([^/]+)$/.exec(run.url) ?? [];
  await page.goto("/");
  const find = page.getByRole("searchbox", { name: "Find by id" });

  await find.fill(runId as string);
  await find.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${run.url}$`));
  await expect(page.getByRole("heading", { name: runId as string })).toBeVisible();

  await find.fill(threadId as string);
  await find.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/\\?thread=${threadId}$`));
  await expect(page.locator("table.runs tbody tr")).toHaveCount(1);

  await find.fill("run_that_does_not_exist");
  await find.press("Enter");
  await expect(page.getByRole("heading", { name: "Nothing found" })).toBeVisible();
  await expect(page.getByText("No run, thread or assistant has the id run_that_does_not_exist.")).toBeVisible();
});

test("/runs/{run_id} (no thread) opens the run's page; an unknown one is a 404", async ({ page, seedRun }) => {
  const run = await seedRun({ linked: "from-a-ticket" });
  const runId = run.url.split("/").pop() as string;
  await page.goto(`/runs/${runId}`);
  await expect(page).toHaveURL(new RegExp(`${run.url}$`));
  const missing = await page.goto("/runs/run_nope");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
