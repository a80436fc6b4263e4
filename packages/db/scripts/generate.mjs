// Runs `prisma generate` without Prisma's native schema engine, which cannot be downloaded on
// these machines: generate only needs PRISMA_SCHEMA_ENGINE_BINARY to name an existing
// executable, it never runs it (see shared/notes/toolchain.md).
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const pkgDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(pkgDir, "../..");
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};
const result = spawnSync(
  process.execPath,
  [resolve(root, "node_modules/prisma/build/index.js"), "generate", "--config", resolve(root, "prisma.config.ts")],
  { cwd: root, env, stdio: "inherit" },
);
process.exit(result.status ?? 1);
