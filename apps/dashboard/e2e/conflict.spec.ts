import type { Browser, Page } from "@playwright/test";
import { storageStateFor } from "./env";
import { apiGetRun, expect, openRunPage as openRun, test } from "./fixtures";

const valueBox = (page: Page, key: string) =>
  page.locator(`[data-testid="metadata-row"][data-key=${JSON.stringify(key)}]`).getByRole("textbox", { name: /Value/ });

/** Two operators (an editor, then an admin), each in their own browser context (own session, own tab), on the same run. */
async function twoOperators(browser: Browser, url: string) {
  const contexts = await Promise.all([
    browser.newContext({ storageState: storageStateFor("editor") }),
    browser.newContext({ storageState: storageStateFor("admin") }),
  ]);
  const [first, second] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page];
  await Promise.all([openRun(first, url), openRun(second, url)]);
  return { first, second, close: () => Promise.all(contexts.map((c) => c.close())) };
}

test("a stale save shows the conflict with both sides; re-applying keeps both edits, in the run and the history", async ({
  browser,
  seedRun,
  baseURL,
}) => {
  const run = await seedRun({ env: "prod", owner: "ana" });
  const { first, second, close } = await twoOperators(browser, run.url);

  // The second, on version 1, changes owner and adds a key. It types first: an editor with nothing
  // typed would simply follow the first's save live, and there would be no conflict to show.
  await valueBox(second, "owner").fill("bo");
  await second.getByRole("button", { name: "+ Add key" }).click();
  await second.getByLabel("Key 3", { exact: true }).fill("ticket");
  await second.getByLabel("Value 3", { exact: true }).fill("T-9");

  // The first operator changes env and saves; their history shows the change at once.
  await valueBox(first, "env").fill("staging");
  await first.getByRole("button", { name: "Save" }).click();
  await expect(first.getByRole("status")).toHaveText("Saved 1 change(s).");
  await expect(first.getByTestId("revision")).toHaveCount(1);
  await expect(first.getByTestId("revision")).toContainText("changed env: prod → staging");

  // The second, still editing version 1, saves.
  await second.getByRole("button", { name: "Save" }).click();

  const conflict = second.getByTestId("metadata-conflict");
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole("heading")).toHaveText("This run changed while you were editing");
  await expect(conflict.getByTestId("conflict-author")).toContainText("Changed by E2E editor in the dashboard");
  await expect(conflict).toContainText("You edited version 1; it is now at version 2.");
  const compared = async (key: string) => {
    const row = conflict.locator(`tr[data-key="${key}"]`);
    return [await row.getByTestId("theirs").textContent(), await row.getByTestId("mine").textContent()];
  };
  expect(await compared("env")).toEqual(["staging", "prod"]);
  expect(await compared("owner")).toEqual(["ana", "bo"]);
  expect(await compared("ticket")).toEqual(["(not set)", "T-9"]);
  // Nothing typed was thrown away, and nothing was saved.
  await expect(valueBox(second, "owner")).toHaveValue("bo");
  await expect(valueBox(second, "ticket")).toHaveValue("T-9");
  expect((await apiGetRun(baseURL as string, run.threadId, run.runId)).metadata).toEqual({
    env: "staging",
    owner: "ana",
  });

  await conflict.getByRole("button", { name: "Re-apply my changes on top" }).click();
  await expect(second.getByRole("status")).toHaveText("Re-applied and saved 2 change(s).");
  await expect(conflict).toBeHidden();
  const both = { env: "staging", owner: "bo", ticket: "T-9" };
  for (const [key, value] of Object.entries(both)) await expect(valueBox(second, key)).toHaveValue(value);
  const stored = (await apiGetRun(baseURL as string, run.threadId, run.runId)) as unknown as {
    metadata: object;
    version: number;
  };
  expect(stored).toMatchObject({ metadata: both, version: 3 });

  // The history, newest first: the second operator's change on top of the first's.
  const revisions = second.getByTestId("revision");
  await expect(revisions).toHaveCount(2);
  await expect(revisions.nth(0)).toHaveAttribute("data-version", "3");
  await expect(revisions.nth(0)).toContainText("Version 3 · E2E admin in the dashboard");
  await expect(revisions.nth(0).locator('[data-kind="changed"]')).toHaveText("changed owner: ana → bo");
  await expect(revisions.nth(0).locator('[data-kind="added"]')).toHaveText("added ticket: T-9");
  await expect(revisions.nth(1).locator('[data-kind="changed"]')).toHaveText("changed env: prod → staging");

  // And the first operator sees both after a reload.
  await first.reload();
  await expect(first.getByTestId("revision")).toHaveCount(2);
  await expect(valueBox(first, "owner")).toHaveValue("bo");
  await close();
});

test("reloading their version discards the operator's edits and shows the run as it is", async ({
  browser,
  seedRun,
  baseURL,
}) => {
  const run = await seedRun({ env: "prod" });
  const { first, second, close } = await twoOperators(browser, run.url);
  // The second types before the first saves (an idle editor would follow the save live).
  await valueBox(second, "env").fill("dev");
  await valueBox(first, "env").fill("staging");
  await first.getByRole("button", { name: "Save" }).click();
  await expect(first.getByRole("status")).toHaveText("Saved 1 change(s).");

  await second.getByRole("button", { name: "Save" }).click();
  const conflict = second.getByTestId("metadata-conflict");
  // Both changed env: the row is marked as a clash.
  await expect(conflict.locator('tr[data-key="env"]')).toHaveClass("clash");
  await expect(conflict.locator('tr[data-key="env"]')).toContainText("both changed");
  await expect(second.getByRole("button", { name: "Save" })).toBeDisabled();

  await conflict.getByRole("button", { name: "Reload their version" }).click();
  await expect(conflict).toBeHidden();
  await expect(valueBox(second, "env")).toHaveValue("staging");
  await expect(second.getByRole("status")).toHaveText("Loaded their version (version 2); your edits were discarded.");
  await expect(second.getByText("Unsaved changes")).toBeHidden();
  expect((await apiGetRun(baseURL as string, run.threadId, run.runId)).metadata).toEqual({ env: "staging" });

  // Editing on from there is an ordinary save at the new version.
  await valueBox(second, "env").fill("dev");
  await second.getByRole("button", { name: "Save" }).click();
  await expect(second.getByRole("status")).toHaveText("Saved 1 change(s).");
  await expect(second.getByTestId("revision")).toHaveCount(2);
  await close();
});
