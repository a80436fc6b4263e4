// Shared by playwright.config.ts, the server it starts and the tests that seed data: a fixed
// database name, recreated on every start, so all three agree without passing state around.
const base = process.env.TEST_DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const url = new URL(base);
url.pathname = "/rb_e2e";

export const E2E_DATABASE_URL = process.env.E2E_DATABASE_URL || url.toString();
export const E2E_PORT = Number(process.env.E2E_PORT || 3100);
