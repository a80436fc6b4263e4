import { createPrismaClient } from "@runboard/db";
import { describe, expect, it } from "vitest";
import { createPrincipalResolver } from "../src/index.ts";
import { bearer, testAccounts } from "./auth-fixtures.ts";
import { useTestRouter } from "./setup.ts";

const ctx = useTestRouter();

describe("a valid API key while the database stalls", () => {
  it("is not told it is invalid once the database answers again", async () => {
    const { key } = await testAccounts(ctx.prisma).key("read", "stall");
    // One connection, held busy longer than the pool waits for one (5 s): better-auth's lookup
    // of the key fails as a stalled database would make it fail, then the database answers again.
    const prisma = createPrismaClient(ctx.db.url, { maxConnections: 1 });
    try {
      const { auth } = testAccounts(prisma);
      const resolver = createPrincipalResolver(auth);
      // Prisma's queries start when awaited: `then` starts this one now.
      const busy = prisma.$queryRaw`SELECT pg_sleep(6.5)::text`.then(() => undefined);
      const resolution = await resolver.resolve(new Headers(bearer(key)));
      await busy;
      expect(resolution.principal).toMatchObject({ type: "api_key", label: "stall", scope: "read" });
    } finally {
      await prisma.$disconnect();
    }
  });
});
