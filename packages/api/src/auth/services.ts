import type { PrismaClient } from "@runboard/db";
import { createAccountService } from "./accounts.ts";
import { createAttemptLimiter } from "./attempt-limit.ts";
import { type AuthConfig, createAuth } from "./config.ts";
import { createPrincipalResolver } from "./principal.ts";

/**
 * Sign-in, who is calling, and users and keys, wired together as a server needs them: a revoked
 * key is dropped from the resolver's cache at once (otherwise it would work for up to 5 s more).
 */
export function createAuthServices(prisma: PrismaClient, config: AuthConfig) {
  const auth = createAuth(prisma, config);
  const resolver = createPrincipalResolver(auth);
  const accounts = createAccountService({ auth, prisma, onKeyRevoked: (id) => resolver.forgetKey(id) });
  // Password attempts are counted in PostgreSQL (shared by every instance) when the limit is on.
  const passwordAttempts = config.rateLimit ? createAttemptLimiter(prisma, config.passwordAttemptLimit) : undefined;
  return { auth, resolver, accounts, passwordAttempts };
}
