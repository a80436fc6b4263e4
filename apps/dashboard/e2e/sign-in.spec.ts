import type { Page } from "@playwright/test";
import { createPrismaClient } from "@runboard/db";
import { E2E_DATABASE_URL, E2E_PASSWORD, e2eEmail } from "./env";
import { expect, test } from "./fixtures";

// A fresh browser (no saved session): the sign-in page, its errors, sign-out and session expiry.
// The production sign-in limit allows 3 attempts per 10 s per address: when an earlier file's
// sign-ins are still inside that window the page says so, and the test waits it out and retries.
test.use({ storageState: { cookies: [], origins: [] } });

async function submitSignIn(page: Page) {
  const button = page.getByRole("button", { name: "Sign in" });
  await button.click();
  const limited = page.locator(".sign-in").getByText("Too many sign-in attempts");
  const outcome = await Promise.race([
    limited.waitFor().then(() => "limited"),
    page.waitForURL((url) => !url.pathname.startsWith("/sign-in")).then(() => "done"),
    page
      .locator(".sign-in")
      .getByText("Wrong email or password.")
      .waitFor()
      .then(() => "refused"),
  ]);
  if (outcome === "limited") {
    await page.waitForTimeout(10_500);
    await button.click();
  }
}

test.setTimeout(60_000);

test("signing in: a wrong password is refused on the page, the right one opens the page asked for; sign-out ends the session", async ({
  page,
  seedRun,
}, testInfo) => {
  const run = await seedRun({ env: "prod" });
  await page.goto(run.url);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByRole("heading", { name: "Sign in to Runboard" })).toBeVisible();

  await page.getByLabel("Email").fill(e2eEmail("viewer"));
  await page.getByLabel("Password").fill("not-the-password");
  await submitSignIn(page);
  await expect(page.locator(".sign-in").getByRole("alert")).toHaveText("Wrong email or password.");

  await page.screenshot({ path: testInfo.outputPath("sign-in.png"), fullPage: true });
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await submitSignIn(page);
  await expect(page).toHaveURL(new RegExp(`${run.url}$`));
  await expect(page.getByTestId("signed-in-as")).toContainText(`${e2eEmail("viewer")} viewer`);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  // The API refuses the signed-out browser too.
  expect((await page.request.get("/api/trpc/run.list")).status()).toBe(401);
});

test("an expired session sends the operator back to sign in", async ({ page, context, baseURL }) => {
  // A session of its own (not the shared ones), then expired in the database.
  const signIn = () =>
    page.request.post("/api/auth/sign-in/email", {
      headers: { origin: baseURL as string },
      data: { email: e2eEmail("editor"), password: E2E_PASSWORD },
    });
  let response = await signIn();
  if (response.status() === 429) {
    await page.waitForTimeout(10_500);
    response = await signIn();
  }
  expect(response.status()).toBe(200);
  const { token } = (await response.json()) as { token: string };
  await page.goto("/");
  await expect(page.getByTestId("signed-in-as")).toContainText(e2eEmail("editor"));

  const prisma = createPrismaClient(E2E_DATABASE_URL, { maxConnections: 1 });
  await prisma.session.update({ where: { token }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await prisma.$disconnect();

  // The open page may notice first (a call answered 401 sends it to sign in) and cut the reload
  // short; either way the operator lands on the sign-in page.
  await page.reload().catch((error: Error) => {
    if (!/ERR_ABORTED|frame was detached/.test(error.message)) throw error;
  });
  await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  expect((await context.request.get("/api/trpc/run.list")).status()).toBe(401);
});
