import type { Page } from "@playwright/test";
import { createPrismaClient } from "@runboard/db";
import { clientAddress, E2E_DATABASE_URL, E2E_PASSWORD, e2eEmail } from "./env";
import { expect, test } from "./fixtures";

// A fresh browser (no saved session): the sign-in page, its errors, the attempt limit, sign-out and
// session expiry. Each test signs in from its own client address (see serve.ts), so the limit of
// 3 password attempts per 10 s per address counts its attempts alone.
test.use({ storageState: { cookies: [], origins: [] } });

/** Submits the form and waits for the server's answer (each attempt is counted before the next). */
async function submitSignIn(page: Page) {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/auth/sign-in/email");
  await page.getByRole("button", { name: "Sign in" }).click();
  await answered;
}

test("signing in: a wrong password is refused on the page, the right one opens the page asked for; sign-out ends the session", async ({
  page,
  seedRun,
}, testInfo) => {
  await page.setExtraHTTPHeaders(clientAddress("sign-in"));
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

test("after 3 wrong passwords from one address the page says how long to wait, and other addresses still sign in", async ({
  page,
  browser,
}) => {
  await page.setExtraHTTPHeaders(clientAddress("guesser"));
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(e2eEmail("viewer"));
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.getByLabel("Password").fill(`wrong-guess-${attempt}`);
    await submitSignIn(page);
    await expect(page.locator(".sign-in").getByRole("alert")).toHaveText("Wrong email or password.");
  }
  // The 4th is refused before the password is even checked, the right one included.
  await page.getByLabel("Password").fill(E2E_PASSWORD);
  await submitSignIn(page);
  await expect(page.locator(".sign-in").getByRole("alert")).toHaveText(
    /^Too many sign-in attempts; try again in \d+ s\.$/,
  );
  await expect(page).toHaveURL(/\/sign-in$/);

  // Someone else behind the same proxy is not locked out by the guesser.
  const other = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    extraHTTPHeaders: clientAddress("bystander"),
  });
  const bystander = await other.newPage();
  await bystander.goto("/sign-in");
  await bystander.getByLabel("Email").fill(e2eEmail("viewer"));
  await bystander.getByLabel("Password").fill(E2E_PASSWORD);
  await submitSignIn(bystander);
  await expect(bystander.getByTestId("signed-in-as")).toContainText(e2eEmail("viewer"));
  await other.close();
});

test("an expired session sends the operator back to sign in", async ({ page, context, baseURL }) => {
  await context.setExtraHTTPHeaders(clientAddress("expiry"));
  // A session of its own (not the shared ones), then expired in the database.
  const signIn = () =>
    page.request.post("/api/auth/sign-in/email", {
      headers: { origin: baseURL as string },
      data: { email: e2eEmail("editor"), password: E2E_PASSWORD },
    });
  const response = await signIn();
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
