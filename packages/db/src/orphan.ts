import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function processOf(pid: number): Promise<{ command: string; parent: number } | null> {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after ")".
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    const command = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    return { command, parent: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) };
  } catch {
    return null;
  }
}

/**
 * A Runboard that was killed outright (SIGKILL, a crash) cannot stop its PostgreSQL, which then
 * keeps the data folder and port. Such a server has been re-parented to init (ppid 1); one whose
 * parent still runs belongs to a live Runboard and is left alone, and so is a process that is not
 * PostgreSQL at all (after a host crash, a stale postmaster.pid may name any process now).
 * Returns true if one was stopped.
 */
export async function stopOrphanedPostgres(dataDir: string, log: (line: string) => void): Promise<boolean> {
  let pid: number;
  try {
    pid = Number((await readFile(join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) return false;
  const owner = await processOf(pid);
  if (owner?.parent !== 1 || owner.command !== "postgres") return false;
  log(`stopping an orphaned embedded PostgreSQL (pid ${pid}) left by a previous run`);
  process.kill(pid, "SIGINT"); // fast shutdown: rolls back open transactions, keeps committed data
  for (let waited = 0; waited < 15_000 && alive(pid); waited += 100) await sleep(100);
  return !alive(pid);
}
