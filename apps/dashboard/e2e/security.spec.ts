import { expect, openRunPage, test } from "./fixtures";

test("pages carry a Content-Security-Policy that the app itself never violates", async ({ page, seedRun }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(response?.headers()["x-content-type-options"]).toBe("nosniff");
  await expect(page.locator("table.runs tbody tr").first()).toBeVisible();

  const run = await seedRun({ a: "1" });
  await openRunPage(page, run.url);
  await page.getByLabel("Value 1", { exact: true }).fill("2");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved 1 change(s).");
  expect(violations).toEqual([]);
});

test("signing in never sends the operator to another site, however `next` is spelled", async ({ page, baseURL }) => {
  // Browsers drop TAB, CR and LF from URLs, so "/\t/evil.test/" would be "//evil.test/": another site.
  for (const next of [
    "%2F%09%2Fevil.test%2F",
    "%2F%0D%0A%2Fevil.test",
    "%2F%5Cevil.test",
    "%2F%2Fevil.test",
    "%2F.%2F%2Fevil.test%2F",
    "%2Fa%2F..%2F%2Fevil.test",
  ]) {
    // Already signed in, the page sends the operator straight on.
    await page.goto(`/sign-in?next=${next}`);
    await expect(page).toHaveURL(new URL("/", baseURL).href);
  }
});
