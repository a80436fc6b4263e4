import { expect, openRunPage, test } from "./fixtures";

// Keys such as "__proto__" are ordinary metadata keys on the wire; an object that treats them as
// its prototype would drop them, and a writer could hide a key from the operators.
test("a key named __proto__ (or constructor) is shown and edited like any other", async ({ page, seedRun }) => {
  const run = await seedRun(JSON.parse('{"__proto__":"hidden","constructor":"c","a":"1"}'));
  await openRunPage(page, run.url);
  await expect(page.getByTestId("key-counter")).toHaveText("3 / 16 keys");
  await expect(page.getByTestId("metadata-row")).toHaveCount(3);
  const proto = page.locator('[data-testid="metadata-row"][data-key="__proto__"]');
  await expect(proto.getByRole("textbox", { name: /Value/ })).toHaveValue("hidden");

  // A save replaces the page's copy of the run: the key is still there afterwards.
  await page.locator('[data-testid="metadata-row"][data-key="a"]').getByRole("textbox", { name: /Value/ }).fill("2");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved 1 change(s).");
  await expect(page.getByTestId("key-counter")).toHaveText("3 / 16 keys");
  await expect(proto.getByRole("textbox", { name: /Value/ })).toHaveValue("hidden");
});

test("a value with bidirectional controls is shown isolated: it cannot reorder the text around it", async ({
  page,
  seedRun,
}) => {
  const run = await seedRun({ file: "\u202egnp.exe" });
  await openRunPage(page, run.url);
  await page
    .locator('[data-testid="metadata-row"][data-key="file"]')
    .getByRole("textbox", { name: /Value/ })
    .fill("report.pdf");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved 1 change(s).");
  const before = page.locator(".timeline del.value").first();
  await expect(before).toHaveText("\u202egnp.exe");
  expect(await before.evaluate((element) => getComputedStyle(element).unicodeBidi)).toBe("isolate");
});
