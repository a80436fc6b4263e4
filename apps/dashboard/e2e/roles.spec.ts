import { storageStateFor } from "./env";
import { expect, openRunPage, test } from "./fixtures";

test.describe("as a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("the run page shows the metadata but editing is disabled, with the reason", async ({
    page,
    seedRun,
  }, testInfo) => {
    const run = await seedRun({ env: "prod" });
    await openRunPage(page, run.url);
    await expect(page.getByTestId("no-edit-access")).toContainText("You don't have access to edit metadata");
    await expect(page.getByLabel("Value 1", { exact: true })).toHaveValue("prod");
    await expect(page.getByLabel("Value 1", { exact: true })).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save" })).toBeDisabled();
    await page.screenshot({ path: testInfo.outputPath("viewer-run-page.png"), fullPage: true });
    // The API says the same to the viewer's own session.
    const refused = await page.request.post("/api/trpc/run.modify", {
      data: { thread_id: run.threadId, run_id: run.runId, metadata: { env: "hacked" } },
    });
    expect(refused.status()).toBe(403);
  });

  test("admin pages say 'You don't have access'", async ({ page }) => {
    await page.goto("/admin/api-keys");
    await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
    await expect(page.getByTestId("no-access")).toContainText("viewer");
    await page.goto("/admin/users");
    await expect(page.getByRole("heading", { name: "You don't have access" })).toBeVisible();
    await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("creates an API key (shown once), a service uses it, and revoking it locks the service out", async ({
    page,
    baseURL,
    seedRun,
  }, testInfo) => {
    const run = await seedRun({ env: "prod" });
    await page.goto("/");
    await page.getByRole("link", { name: "API keys" }).click();
    await expect(page.getByRole("heading", { name: "API keys", level: 1 })).toBeVisible();
    const name = `svc-${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Scope").selectOption("read_write");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByTestId("new-key-secret").textContent()) ?? "";
    expect(secret).toMatch(/^rb_/);
    const row = page.getByTestId(`key-${name}`);
    await expect(row).toContainText("read_write");
    await expect(row).toContainText("never");
    await page.screenshot({ path: testInfo.outputPath("api-keys.png"), fullPage: true });
    await expect(row).not.toContainText(secret);

    // A service (no cookies) uses it through the OpenAI-compatible REST API.
    const modify = () =>
      fetch(`${baseURL}/v1/threads/${run.threadId}/runs/${run.runId}`, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify({ metadata: { by: "service" } }),
      });
    expect((await modify()).status).toBe(200);
    // The key is shown once: after a reload only its first characters remain, and it was used.
    await page.reload();
    await expect(page.getByTestId("new-key-secret")).toHaveCount(0);
    await expect(row).toContainText(secret.slice(0, 6));
    await expect(row).not.toContainText("never");

    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("revoked");
    expect((await modify()).status).toBe(401);
  });

  test("adds a user with a role and changes the role", async ({ page }) => {
    await page.goto("/admin/users");
    const email = `ops-${Date.now()}@runboard.test`;
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Name").fill("Ops Person");
    await page.getByLabel(/^Password/).fill("ops-password-123");
    await page.locator('form select[name="role"]').selectOption("viewer");
    await page.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByRole("status")).toHaveText(`Created ${email} (viewer).`);
    const role = page.getByLabel(`Role of ${email}`);
    await expect(role).toHaveValue("viewer");
    await role.selectOption("editor");
    await page.reload();
    await expect(page.getByLabel(`Role of ${email}`)).toHaveValue("editor");
  });
});
