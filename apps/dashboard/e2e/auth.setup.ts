import { expect, test as setup } from "@playwright/test";
import { clientAddress, E2E_PASSWORD, E2E_ROLES, e2eEmail, storageStateFor } from "./env";

// Each role signs in once, through the sign-in page, and its session is saved for the specs.
for (const role of E2E_ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.setExtraHTTPHeaders(clientAddress(`setup-${role}`));
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
    await page.getByLabel("Email").fill(e2eEmail(role));
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signed-in-as")).toContainText(`${e2eEmail(role)} ${role}`);
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
