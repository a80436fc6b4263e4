import type { PrismaClient } from "@runboard/db";
import { pendingMigrationsOf } from "@runboard/db";

export type Readiness = { ready: true } | { ready: false; reason: string };

/** Ready means: start-up finished, the database answers, and every migration is applied. */
export function createReadinessCheck(prisma: PrismaClient, startup: { done: boolean }) {
  return async (): Promise<Readiness> => {
    if (!startup.done) return { ready: false, reason: "starting: migrations are being applied" };
    try {
      const pending = await pendingMigrationsOf(prisma);
      if (pending.length > 0) return { ready: false, reason: `migrations not applied: ${pending.join(", ")}` };
      return { ready: true };
    } catch (error) {
      return { ready: false, reason: `database unavailable: ${(error as Error).message.split("\n")[0]}` };
    }
  };
}
