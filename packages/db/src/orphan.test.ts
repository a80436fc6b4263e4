import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { stopOrphanedPostgres } from "./orphan.ts";

// After a host crash, postmaster.pid may name a process that is no PostgreSQL at all, and a
// re-parented one looks orphaned: start-up must leave it running.
let pid: number | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (pid) process.kill(pid, "SIGKILL");
  if (dir) await rm(dir, { recursive: true, force: true });
  pid = dir = undefined;
});

it("leaves alone a process named by a stale postmaster.pid that is not PostgreSQL", async () => {
  // The shell exits at once, so the sleep is re-parented as an orphaned server would be.
  pid = Number(execFileSync("sh", ["-c", "sleep 60 > /dev/null 2>&1 & echo $!"], { encoding: "utf8" }).trim());
  dir = await mkdtemp(join(tmpdir(), "rb-orphan-"));
  await writeFile(join(dir, "postmaster.pid"), `${pid}\n${dir}\n`);
  const lines: string[] = [];
  expect(await stopOrphanedPostgres(dir, (line) => lines.push(line))).toBe(false);
  expect(lines).toEqual([]);
  expect(() => process.kill(pid as number, 0)).not.toThrow();
});
