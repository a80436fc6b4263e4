import type { CreatedApiKey, KeyScope, Role } from "@runboard/contract";
import type { PrismaClient } from "@runboard/db";
import { createAccountService, createAuth } from "../src/index.ts";

/** A fixed test-only secret: tests that share cookies across processes pass it as RUNBOARD_AUTH_SECRET. */
export const TEST_AUTH_SECRET = "test-only-secret-0123456789abcdefghijklmnopqrstuvwxyz";
export const TEST_PASSWORD = "test-password-123";

/** Users and keys straight in a test database (the key hashing is the server's own). */
export function testAccounts(prisma: PrismaClient, baseURL = "http://127.0.0.1") {
  const auth = createAuth(prisma, { baseURL, secret: TEST_AUTH_SECRET, rateLimit: false, logger: { disabled: true } });
  const accounts = createAccountService({ auth, prisma });
  async function user(role: Role, email = `${role}@runboard.test`) {
    const existing = await prisma.user.findUnique({ where: { email } });
    if (existing) return { id: existing.id, email, role: existing.role };
    const created = await accounts.createUser({ email, name: `Test ${role}`, password: TEST_PASSWORD, role });
    return { id: created.id, email, role };
  }
  return {
    auth,
    accounts,
    user,
    /** A new API key (owned by a test admin); `key` is the secret to send as a Bearer token. */
    async key(scope: KeyScope = "read_write", name = `test-${scope}`): Promise<CreatedApiKey> {
      const owner = await user("admin", "keys-owner@runboard.test");
      return accounts.createKey(owner.id, { name, scope });
    },
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
