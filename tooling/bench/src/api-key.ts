import { randomBytes } from "node:crypto";
import { createAccountService, createAuth } from "@runboard/api";
import { createPrismaClient } from "@runboard/db";

const OWNER = "bench-admin@runboard.bench";

/**
 * A read_write API key for the bench, created the way an admin creates one (Runboard's own account
 * service, so the hashing is the server's): the server answers nothing without credentials.
 */
export async function createBenchApiKey(databaseUrl: string): Promise<string> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const auth = createAuth(prisma, {
      baseURL: "http://127.0.0.1",
      // Signs session cookies only; API keys are stored as digests and need no secret.
      secret: randomBytes(32).toString("base64url"),
      rateLimit: false,
      logger: { disabled: true },
    });
    const accounts = createAccountService({ auth, prisma });
    await accounts.ensureAdmin({ email: OWNER, password: randomBytes(24).toString("base64url"), name: "Bench" });
    const owner = await prisma.user.findUniqueOrThrow({ where: { email: OWNER } });
    const created = await accounts.createKey(owner.id, {
      name: `bench ${new Date().toISOString()}`,
      scope: "read_write",
    });
    return created.key;
  } finally {
    await prisma.$disconnect();
  }
}

export const bearer = (key: string) => `Bearer ${key}`;
