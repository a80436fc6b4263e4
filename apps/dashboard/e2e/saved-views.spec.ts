import { storageStateFor } from "./env";
import { expect, test } from "./fixtures";

test("an operator saves the filtered list as a view, shares it, and another operator opens it", async ({
  page,
  browser,
}) => {
  const name = `Failed, oldest first ${Date.now()}`;
  await page.goto("/?status=failed&order=asc");
  const views = page.getByRole("complementary", { name: "Saved views" });
  await views.getByLabel("View name").fill(name);
  await views.getByLabel("Share with everyone").check();
  await views.getByRole("button", { name: "Save view" }).click();
  await expect(views.getByRole("status")).toHaveText(`Saved the view '${name}'.`);

  // Another operator (a viewer) sees it and opens the same list.
  const other = await browser.newContext({ storageState: storageStateFor("viewer") });
  const viewer = await other.newPage();
  await viewer.goto("/");
  const shared = viewer.getByRole("complementary", { name: "Saved views" }).getByRole("link", { name });
  await expect(shared).toBeVisible();
  await shared.click();
  await expect(viewer).toHaveURL(/\/\?status=failed&order=asc$/);
  await expect(viewer.getByRole("checkbox", { name: "failed" })).toBeChecked();
  // Not theirs: they cannot delete it.
  await expect(viewer.getByRole("button", { name: `Delete the view ${name}` })).toHaveCount(0);
  await other.close();

  // Its owner can.
  await page.getByRole("button", { name: `Delete the view ${name}` }).click();
  await expect(views.getByRole("link", { name })).toHaveCount(0);
});
