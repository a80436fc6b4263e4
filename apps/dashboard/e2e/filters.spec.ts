import { expect, test } from "./fixtures";

test("the metadata filter suggests the keys and values runs have, so env=prod finds production", async ({
  page,
  seedRun,
}) => {
  const run = await seedRun({ suggested_env: "production-eu", suggested_team: "payments" });
  await page.goto("/");
  const box = page.getByLabel("Metadata");
  const options = page.getByTestId("meta-filter-suggestions").locator("option");

  await box.fill("suggested_");
  await expect(options).toHaveCount(2);
  expect(await options.evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value))).toEqual([
    "suggested_env=",
    "suggested_team=",
  ]);

  await box.fill("suggested_env=prod");
  await expect(options).toHaveCount(1);
  await expect(options.first()).toHaveAttribute("value", "suggested_env=production-eu");

  await box.fill("suggested_env=production-eu");
  await box.press("Enter");
  await expect(page).toHaveURL(/meta=suggested_env%3Dproduction-eu/);
  await expect(page.locator('table.runs tbody tr td[data-label="Run"] a')).toHaveText([run.runId]);
});
