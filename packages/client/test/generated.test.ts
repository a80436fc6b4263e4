import { execFile } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const clientDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");

it("src/generated/router.ts is what the generator makes from the server's AppRouter now", async () => {
  const { stdout } = await promisify(execFile)(
    resolve(clientDir, "node_modules/.bin/tsx"),
    ["scripts/generate-router-types.ts", "--check"],
    { cwd: clientDir },
  );
  expect(stdout).toContain("is up to date");
});
