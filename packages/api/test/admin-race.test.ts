import { describe, expect, it } from "vitest";
import { AccountConflictError } from "../src/index.ts";
import { testAccounts } from "./auth-fixtures.ts";
import { useTestRouter } from "./setup.ts";

const ctx = useTestRouter();

describe("the last admin", () => {
  it("stays admin when two admins demote each other at the same moment", async () => {
    const { accounts } = testAccounts(ctx.prisma);
    // Several rounds: each one is a fresh pair of admins demoting each other concurrently.
    for (let round = 0; round < 8; round++) {
      await ctx.prisma.user.updateMany({ where: { role: "admin" }, data: { role: "viewer" } });
      const pair = await Promise.all(
        ["a", "b"].map((name) =>
          accounts.createUser({
            email: `${name}${round}@race.test`,
            name,
            password: "race-password-1",
            role: "admin",
          }),
        ),
      );
      const outcomes = await Promise.allSettled(pair.map((admin) => accounts.setRole(admin.id, "viewer")));
      expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(AccountConflictError);
      expect(await ctx.prisma.user.count({ where: { role: "admin" } })).toBe(1);
    }
  });
});
