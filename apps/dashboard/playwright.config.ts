import { defineConfig, devices } from "@playwright/test";
import { E2E_DATABASE_URL, E2E_PORT, storageStateFor } from "./e2e/env";

const baseURL = `http://127.0.0.1:${E2E_PORT}`;

// Debian's Chromium: Playwright cannot download its own browser on these machines.
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  outputDir: "../../test-results/playwright",
  reporter: [
    ["list"],
    ["json", { outputFile: "../../test-results/playwright.json" }],
    ["html", { open: "never", outputFolder: "../../playwright-report" }],
  ],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // Signs in once per role (the production sign-in limit allows 3 per 10 s) and saves each session.
    { name: "setup", testMatch: /auth\.setup\.ts/, use: { ...devices["Desktop Chrome"], channel: undefined } },
    {
      name: "chromium",
      dependencies: ["setup"],
      // Specs act as an editor unless they say otherwise (test.use({ storageState: storageStateFor(role) })).
      use: { ...devices["Desktop Chrome"], channel: undefined, storageState: storageStateFor("editor") },
    },
  ],
  // The real Runboard server (Fastify + Next production build) on a fresh database it seeds itself.
  webServer: {
    command: "../server/node_modules/.bin/tsx e2e/serve.ts",
    url: `${baseURL}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: { E2E_DATABASE_URL, PORT: String(E2E_PORT), NODE_ENV: "production" },
  },
});
