import { describe, expect, it } from "vitest";
import { AccountError, createAccountService, createPrincipalResolver, RunboardValidationError } from "../src/index.ts";
import { TEST_PASSWORD, testAccounts } from "./auth-fixtures.ts";
import { useTestRouter } from "./setup.ts";

const ctx = useTestRouter();

describe("users", () => {
  it("creates operators with a hashed password, refuses a taken email, and keeps one admin at least", async () => {
    const { accounts } = testAccounts(ctx.prisma);
    const admin = await accounts.createUser({
      email: "Boss@Example.com",
      name: "Boss",
      password: "boss-password-1",
      role: "admin",
    });
    expect(admin).toMatchObject({ email: "boss@example.com", role: "admin" });
    const account = await ctx.prisma.account.findFirstOrThrow({ where: { userId: admin.id } });
    expect(account.providerId).toBe("credential");
    expect(account.password).not.toContain("boss-password-1");

    await expect(
      accounts.createUser({ email: "boss@example.com", name: "Again", password: "boss-password-1", role: "viewer" }),
    ).rejects.toThrow(AccountError);

    await expect(accounts.setRole(admin.id, "viewer")).rejects.toThrow(/only admin/);
    const second = await accounts.createUser({
      email: "second@example.com",
      name: "Second",
      password: "second-password",
      role: "editor",
    });
    expect((await accounts.setRole(second.id, "admin")).role).toBe("admin");
    expect((await accounts.setRole(admin.id, "viewer")).role).toBe("viewer");
    await expect(accounts.setRole("user_nope", "viewer")).rejects.toThrow(/No user/);
  });
});

describe("passwords", () => {
  it("refuses a common password, naming the field, and creates nobody", async () => {
    const { accounts } = testAccounts(ctx.prisma);
    const attempt = accounts.createUser({
      email: "weak@example.com",
      name: "Weak",
      password: "qwerty123456",
      role: "viewer",
    });
    await expect(attempt).rejects.toThrow(RunboardValidationError);
    await expect(attempt).rejects.toMatchObject({
      detail: [{ loc: ["body", "password"], msg: "this password is one of the most common ones; choose another" }],
    });
    expect(await ctx.prisma.user.count({ where: { email: "weak@example.com" } })).toBe(0);
  });

  it("a new password set by the server ends every session the operator had", async () => {
    const { accounts, auth, user } = testAccounts(ctx.prisma);
    const operator = await user("editor", "reset@example.com");
    for (const _ of [1, 2]) await auth.api.signInEmail({ body: { email: operator.email, password: TEST_PASSWORD } });
    expect(await ctx.prisma.session.count({ where: { userId: operator.id } })).toBe(2);
    await accounts.setPassword("reset@example.com", "a-fresh-long-password");
    expect(await ctx.prisma.session.count({ where: { userId: operator.id } })).toBe(0);
    await expect(accounts.setPassword("reset@example.com", "password1234")).rejects.toThrow(/most common/);
  });
});

describe("API keys", () => {
  it("stores only a digest, lists without the key, records last use, and a revoked key stops at once", async () => {
    const fixtures = testAccounts(ctx.prisma);
    const resolver = createPrincipalResolver(fixtures.auth);
    const created = await fixtures.key("read", "reporting");
    expect(created.key).toMatch(/^rb_[A-Za-z]{20,}$/);
    const row = await ctx.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.key).not.toBe(created.key);
    expect(row.key).not.toContain(created.key.slice(3));

    const listed = (await fixtures.accounts.listKeys()).find((k) => k.id === created.id);
    expect(listed).toMatchObject({ name: "reporting", scope: "read", enabled: true, last_used_at: null });
    expect(JSON.stringify(await fixtures.accounts.listKeys())).not.toContain(created.key);

    const headers = new Headers({ authorization: `Bearer ${created.key}` });
    expect((await resolver.resolve(headers)).principal).toMatchObject({ type: "api_key", scope: "read" });
    const used = (await fixtures.accounts.listKeys()).find((k) => k.id === created.id);
    expect(used?.last_used_at).toBeGreaterThan(0);

    const accounts = createAccountService({
      auth: fixtures.auth,
      prisma: ctx.prisma,
      onKeyRevoked: (id) => resolver.forgetKey(id),
    });
    expect((await accounts.revokeKey(created.id)).enabled).toBe(false);
    expect(await resolver.resolve(headers)).toEqual({ principal: null, reason: "KEY_DISABLED" });
    expect((await resolver.resolve(new Headers({ authorization: "Bearer rb_unknown" }))).principal).toBeNull();
    expect((await resolver.resolve(new Headers({ authorization: "Basic abc" }))).principal).toBeNull();
  });
});
