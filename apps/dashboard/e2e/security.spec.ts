import { expect, openRunPage, test } from "./fixtures";

test("pages carry a Content-Security-Policy that the app itself never violates", async ({ page, seedRun }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  // Violations whose error the page catches never reach the console; the event still fires.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.log(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  const response = await page.goto("/");
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  // Only scripts carrying this response's nonce run: an injected inline script has none.
  const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  const again = await page.request.get("/");
  const nonce = /'nonce-([^']+)'/.exec(again.headers()["content-security-policy"] ?? "")?.[1];
  expect(nonce).not.toBe(/'nonce-([^']+)'/.exec(csp)?.[1]);
  // Every script the server writes into the page carries that response's nonce.
  const scripts = (await again.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
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

test("OPTIONS * is answered by the server, not handed to the pages (no 500)", async ({ baseURL }) => {
  const { connect } = await import("node:net");
  const { hostname, port, host } = new URL(baseURL as string);
  const socket = connect(Number(port), hostname);
  socket.write(`OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  let answer = "";
  for await (const chunk of socket) answer += chunk;
  expect(answer).toMatch(/^HTTP\/1\.1 204 /);
});
