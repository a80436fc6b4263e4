import type { PrismaClient } from "@runboard/db";

export interface AttemptLimit {
  /** Attempts allowed per window and key. */
  max: number;
  windowMs: number;
}

/** better-auth's own sign-in limit: 3 attempts per 10 s per client address. */
export const PASSWORD_ATTEMPT_LIMIT: AttemptLimit = { max: 3, windowMs: 10_000 };

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Windows this much older than their length are deleted now and then (the table stays small). */
const STALE_AFTER_WINDOWS = 360;
const SWEEP_EVERY = 256;

/**
 * Counts attempts per key (a client address) in PostgreSQL, so that every Runboard instance behind
 * one load balancer sees the same count. One statement takes an attempt and answers whether it is
 * over the limit: concurrent attempts cannot all read "2" and all pass.
 */
export function createAttemptLimiter(prisma: PrismaClient, limit: AttemptLimit = PASSWORD_ATTEMPT_LIMIT) {
  const windowMs = limit.windowMs;
  let taken = 0;
  return {
    async take(key: string): Promise<AttemptVerdict> {
      if (++taken % SWEEP_EVERY === 0) {
        await prisma.$executeRaw`DELETE FROM auth_attempts
          WHERE window_started_at < now() - make_interval(secs => ${(windowMs * STALE_AFTER_WINDOWS) / 1000}::float8)`;
      }
      const [row] = await prisma.$queryRaw<{ count: number; retry_ms: number }[]>`
        INSERT INTO auth_attempts AS a (key, window_started_at, count) VALUES (${key}, now(), 1)
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN a.window_started_at <= now() - make_interval(secs => ${windowMs / 1000}::float8)
                       THEN 1 ELSE a.count + 1 END,
          window_started_at = CASE WHEN a.window_started_at <= now() - make_interval(secs => ${windowMs / 1000}::float8)
                                   THEN now() ELSE a.window_started_at END
        RETURNING count,
          (extract(epoch FROM window_started_at - now()) * 1000 + ${windowMs})::float8 AS retry_ms`;
      if (!row || row.count <= limit.max) return { allowed: true };
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(row.retry_ms / 1000)) };
    },
  };
}

export type AttemptLimiter = ReturnType<typeof createAttemptLimiter>;
