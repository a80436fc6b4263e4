import type {
  ApiKeySummary,
  CreateApiKeyInput,
  CreatedApiKey,
  CreateUserInput,
  KeyScope,
  Role,
  UserSummary,
} from "@runboard/contract";
import type { PrismaClient } from "@runboard/db";
import { AccountConflictError, AccountNotFoundError, RunboardValidationError } from "../errors.ts";
import { unixSeconds } from "../store/runs/row.ts";
import type { Auth } from "./config.ts";
import { passwordProblem } from "./password-policy.ts";
import { keyScopeOf } from "./principal.ts";

function refuseWeakPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new RunboardValidationError([{ loc: ["body", "password"], msg: problem, type: "value_error" }]);
}

/** What each scope stores as the key's better-auth permissions (read back by `keyScopeOf`). */
const KEY_PERMISSIONS: Record<KeyScope, Record<string, string[]>> = {
  read: { runs: ["read"] },
  read_write: { runs: ["read", "write"] },
  metrics: { metrics: ["read"] },
};

function scopeOf(permissions: string | null): KeyScope {
  try {
    return keyScopeOf(JSON.parse(permissions ?? "{}"));
  } catch {
    return "read";
  }
}

const KEY_COLUMNS = {
  id: true,
  name: true,
  start: true,
  enabled: true,
  permissions: true,
  lastRequest: true,
  createdAt: true,
  user: { select: { email: true } },
} as const;

function toKeySummary(row: {
  id: string;
  name: string | null;
  start: string | null;
  enabled: boolean | null;
  permissions: string | null;
  lastRequest: Date | null;
  createdAt: Date;
  user: { email: string } | null;
}): ApiKeySummary {
  return {
    id: row.id,
    name: row.name ?? "",
    start: row.start,
    scope: scopeOf(row.permissions),
    enabled: row.enabled !== false,
    created_at: unixSeconds(row.createdAt),
    last_used_at: row.lastRequest ? unixSeconds(row.lastRequest) : null,
    created_by: row.user?.email ?? null,
  };
}

/**
 * Users and API keys, as admins manage them. better-auth does the hashing (scrypt passwords,
 * SHA-256 keys); this is the only code that creates operators or keys.
 */
export function createAccountService(deps: { auth: Auth; prisma: PrismaClient; onKeyRevoked?: (id: string) => void }) {
  const { auth, prisma } = deps;
  return {
    async listUsers(): Promise<UserSummary[]> {
      const rows = await prisma.user.findMany({ orderBy: { createdAt: "asc" } });
      return rows.map((u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        role: u.role,
        created_at: unixSeconds(u.createdAt),
      }));
    },

    /** Creates an operator with an email + password sign-in (what better-auth's sign-up does, server-side). */
    async createUser(input: CreateUserInput): Promise<UserSummary> {
      const ctx = await auth.$context;
      const email = input.email.trim().toLowerCase();
      refuseWeakPassword(input.password);
      if (await ctx.internalAdapter.findUserByEmail(email)) {
        throw new AccountConflictError(`A user with the email '${email}' already exists.`);
      }
      const hash = await ctx.password.hash(input.password);
      const user = await ctx.internalAdapter.createUser(
        { email, name: input.name, emailVerified: true, role: input.role },
        { method: "admin" },
      );
      await ctx.internalAdapter.linkAccount({
        userId: user.id,
        providerId: "credential",
        accountId: user.id,
        password: hash,
      });
      return { id: user.id, email, name: input.name, role: input.role, created_at: unixSeconds(user.createdAt) };
    },

    async setRole(userId: string, role: Role): Promise<UserSummary> {
      const u = await prisma.$transaction(async (tx) => {
        // The admins' rows are locked first: of two admins demoting each other at once, the second
        // waits here and then sees the first one's change, so at least one admin always remains.
        const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE role = 'admin' FOR UPDATE`;
        const found = await tx.user.findUnique({ where: { id: userId } });
        if (!found) throw new AccountNotFoundError(`No user with id '${userId}'.`);
        // Someone must always be able to manage users and keys.
        if (found.role === "admin" && role !== "admin" && admins.length <= 1) {
          throw new AccountConflictError(`${found.email} is the only admin; make someone else admin first.`);
        }
        return tx.user.update({ where: { id: userId }, data: { role } });
      });
      return { id: u.id, email: u.email, name: u.name, role: u.role, created_at: unixSeconds(u.createdAt) };
    },

    /** The first admin (CLI or env): created when missing, left alone when the email exists. */
    async ensureAdmin(input: { email: string; password: string; name?: string }): Promise<"created" | "exists"> {
      const email = input.email.trim().toLowerCase();
      if (await prisma.user.findUnique({ where: { email } })) return "exists";
      await this.createUser({ email, password: input.password, name: input.name ?? "Admin", role: "admin" });
      return "created";
    },

    /** Whether `password` is this operator's password (false for no such operator). */
    async passwordIs(email: string, password: string): Promise<boolean> {
      const ctx = await auth.$context;
      const user = await ctx.internalAdapter.findUserByEmail(email.trim().toLowerCase());
      const hash = user ? (await ctx.internalAdapter.findCredentialAccount(user.user.id))?.password : undefined;
      return hash ? ctx.password.verify({ hash, password }) : false;
    },

    /** A new password for an operator; every session they had ends (a leaked one must not outlive it). */
    async setPassword(email: string, password: string): Promise<void> {
      refuseWeakPassword(password);
      const ctx = await auth.$context;
      const user = await ctx.internalAdapter.findUserByEmail(email.trim().toLowerCase());
      if (!user) throw new AccountNotFoundError(`No user with the email '${email}'.`);
      const hash = await ctx.password.hash(password);
      await prisma.$transaction([
        prisma.account.updateMany({
          where: { userId: user.user.id, providerId: "credential" },
          data: { password: hash },
        }),
        prisma.session.deleteMany({ where: { userId: user.user.id } }),
      ]);
    },

    async listKeys(): Promise<ApiKeySummary[]> {
      const rows = await prisma.apiKey.findMany({ select: KEY_COLUMNS, orderBy: { createdAt: "desc" } });
      return rows.map(toKeySummary);
    },

    /** A new key owned by `ownerId` (the admin creating it); the key itself is returned this once. */
    async createKey(ownerId: string, input: CreateApiKeyInput): Promise<CreatedApiKey> {
      const created = await auth.api.createApiKey({
        body: { userId: ownerId, name: input.name, permissions: KEY_PERMISSIONS[input.scope] },
      });
      const row = await prisma.apiKey.findUniqueOrThrow({ where: { id: created.id }, select: KEY_COLUMNS });
      return { ...toKeySummary(row), key: created.key };
    },

    /** Revoking disables the key (its row stays, so the history can still name it). */
    async revokeKey(keyId: string): Promise<ApiKeySummary> {
      const row = await prisma.apiKey.findUnique({ where: { id: keyId }, select: { referenceId: true } });
      if (!row) throw new AccountNotFoundError(`No API key with id '${keyId}'.`);
      await auth.api.updateApiKey({ body: { keyId, userId: row.referenceId, enabled: false } });
      deps.onKeyRevoked?.(keyId);
      return toKeySummary(await prisma.apiKey.findUniqueOrThrow({ where: { id: keyId }, select: KEY_COLUMNS }));
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
