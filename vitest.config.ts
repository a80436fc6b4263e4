import { defineConfig } from "vitest/config";

// Unit tests need nothing; integration tests run against a real PostgreSQL (TEST_DATABASE_URL),
// each file in its own database cloned from a migrated template (see test/global-setup.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: [
            "packages/*/test/**/*.test.ts",
            "apps/server/test/**/*.test.ts",
            "apps/cli/test/**/*.test.ts",
            "tooling/bench/test/**/*.test.ts",
          ],
          globalSetup: ["./test/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
