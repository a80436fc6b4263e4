import { apiGetRun, expect, openRunPage, test } from "./fixtures";

function rowByKey(page: import("@playwright/test").Page, key: string) {
  return page.locator(`[data-testid="metadata-row"][data-key=${JSON.stringify(key)}]`);
}

test("change a value, add a key, delete a key, save: the page and run.get show exactly that", async ({
  page,
  seedRun,
  baseURL,
}) => {
  const run = await seedRun({ env: "prod", owner: "ana", ticket: "T-1" });
  await openRunPage(page, run.url);
  await expect(page.getByTestId("key-counter")).toHaveText("3 / 16 keys");

  await rowByKey(page, "env").getByRole("textbox", { name: /Value/ }).fill("staging");
  await rowByKey(page, "ticket")
    .getByRole("button", { name: /Remove/ })
    .click();
  await page.getByRole("button", { name: "+ Add key" }).click();
  await page.getByLabel("Key 3", { exact: true }).fill("reviewed_by");
  await page.getByLabel("Value 3", { exact: true }).fill("oncall");
  await expect(page.getByTestId("key-counter")).toHaveText("3 / 16 keys");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved 3 change(s).");

  const expected = { env: "staging", owner: "ana", reviewed_by: "oncall" };
  expect((await apiGetRun(baseURL as string, run.threadId, run.runId)).metadata).toEqual(expected);
  await page.reload();
  for (const [key, value] of Object.entries(expected)) {
    await expect(rowByKey(page, key).getByRole("textbox", { name: /Value/ })).toHaveValue(value);
  }
  await expect(page.getByTestId("metadata-row")).toHaveCount(3);
});

test("over-long key and value, a 17th key and a duplicate key each show their error and nothing is saved", async ({
  page,
  seedRun,
  baseURL,
}) => {
  const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, `v${i}`]));
  const run = await seedRun(sixteen);
  await openRunPage(page, run.url);
  await expect(page.getByTestId("key-counter")).toHaveText("16 / 16 keys");

  // 17th key
  await page.getByRole("button", { name: "+ Add key" }).click();
  await page.getByLabel("Key 17", { exact: true }).fill("k16");
  await page.getByLabel("Value 17", { exact: true }).fill("v16");
  await expect(page.getByTestId("key-counter")).toHaveText("17 / 16 keys");
  await expect(page.getByText("metadata can have at most 16 keys; remove a row")).toBeVisible();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Key 17", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await page.getByRole("button", { name: "Remove row 17 (k16)" }).click();

  // 65-character key
  await page.getByLabel("Key 1", { exact: true }).fill("x".repeat(65));
  await expect(page.getByText("metadata key is 65 characters long; at most 64 are allowed")).toBeVisible();
  await expect(page.getByText("1 over the limit")).toBeVisible();
  await page.getByLabel("Key 1", { exact: true }).fill("k0");

  // 513-character value
  await page.getByLabel("Value 2", { exact: true }).fill("y".repeat(513));
  await expect(page.getByText("metadata value is 513 characters long; at most 512 are allowed")).toBeVisible();
  await page.getByLabel("Value 2", { exact: true }).fill("v1");

  // duplicate key
  await page.getByLabel("Key 3", { exact: true }).fill("k0");
  await expect(page.getByText("'k0' is already used in row 1; keys must be unique")).toBeVisible();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("'k0' is already used in row 1; keys must be unique")).toBeVisible();

  expect((await apiGetRun(baseURL as string, run.threadId, run.runId)).metadata).toEqual(sixteen);
});

test("a value like <img src=x onerror=alert(1)> is shown as text and runs nothing", async ({ page, seedRun }) => {
  const payload = "<img src=x onerror=alert(1)>";
  const run = await seedRun({ note: payload, [payload]: "key too" });
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await openRunPage(page, run.url);
  await expect(rowByKey(page, "note").getByRole("textbox", { name: /Value/ })).toHaveValue(payload);
  await page.goto(`/?thread=${run.threadId}`);
  await expect(page.locator("table.runs tbody tr")).toHaveCount(1);
  await page.goto(`/?thread=${run.threadId}&meta=${encodeURIComponent(`note=${payload}`)}`);
  await expect(page.getByText(`note=${payload}`)).toBeVisible();
  expect(await page.locator("img").count()).toBe(0);
  expect(dialogs).toEqual([]);
});

test("a server-side rejection lands on its row, and a network failure keeps the input", async ({ page, seedRun }) => {
  const run = await seedRun({ a: "1" });
  await openRunPage(page, run.url);
  await page.getByRole("button", { name: "+ Add key" }).click();
  await page.getByLabel("Key 2", { exact: true }).fill("b");
  await page.getByLabel("Value 2", { exact: true }).fill("2");
  await page.route("**/api/trpc/run.modify**", (route) => route.abort("connectionrefused"));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Could not save" })).toBeVisible();
  await expect(page.getByLabel("Value 2", { exact: true })).toHaveValue("2");
  await page.unroute("**/api/trpc/run.modify**");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved 1 change(s).");
});

test("the editor works from the keyboard alone", async ({ page, seedRun, baseURL }) => {
  const run = await seedRun({});
  await openRunPage(page, run.url);
  await page.getByRole("button", { name: "+ Add key" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Key 1", { exact: true })).toBeFocused();
  await page.keyboard.type("owner");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Value 1", { exact: true })).toBeFocused();
  await page.keyboard.type("keyboard");
  await page.getByRole("button", { name: "Save" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toHaveText("Saved 1 change(s).");
  expect((await apiGetRun(baseURL as string, run.threadId, run.runId)).metadata).toEqual({ owner: "keyboard" });
});

test("leaving with unsaved changes asks first", async ({ page, seedRun }) => {
  const run = await seedRun({ a: "1" });
  await openRunPage(page, run.url);
  await page.getByLabel("Value 1", { exact: true }).fill("changed");
  const messages: string[] = [];
  page.once("dialog", async (dialog) => {
    messages.push(dialog.message());
    await dialog.dismiss();
  });
  await page.getByRole("link", { name: "Runs" }).first().click();
  expect(messages).toEqual(["You have unsaved metadata changes. Leave without saving?"]);
  await expect(page).toHaveURL(new RegExp(run.url));
  await expect(page.getByLabel("Value 1", { exact: true })).toHaveValue("changed");
});

test("the run page is usable at 375 px", async ({ page, seedRun }) => {
  await page.setViewportSize({ width: 375, height: 800 });
  const run = await seedRun({ owner: "ana" });
  await openRunPage(page, run.url);
  await expect(page.getByLabel("Value 1", { exact: true })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByLabel("Value 1", { exact: true }).fill("mobile");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved 1 change(s).");
});
