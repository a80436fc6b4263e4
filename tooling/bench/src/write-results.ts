import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

const REPO = resolve(import.meta.dirname, "../../..");
const BIOME = join(REPO, "node_modules/.bin/biome");

/**
 * Writes result files and formats them with the repository's Biome (aligned Markdown tables, JSON
 * layout), so that committed results pass `pnpm lint` as they are.
 */
export async function writeResults(dir: string, files: Record<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths = Object.keys(files).map((name) => join(dir, name));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  if (existsSync(BIOME)) {
    try {
      execFileSync(BIOME, ["format", "--write", ...paths], { cwd: REPO, stdio: "ignore" });
    } catch {
      console.warn(`bench: could not format ${paths.join(", ")} with Biome; run \`pnpm format\``);
    }
  }
  return paths;
}
