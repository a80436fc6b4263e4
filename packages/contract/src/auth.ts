import { z } from "zod";

/** An operator's role: `viewer` reads, `editor` also modifies metadata, `admin` also manages users and keys. */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

/**
 * What an API key may do: `read` (get, list, history, live updates), `read_write` (also modify),
 * or `metrics` (only scrape the server's `GET /metrics`: a Prometheus key reads no runs).
 */
export const KEY_SCOPES = ["read", "read_write", "metrics"] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/**
 * What a call needs. Every tRPC procedure and REST route declares exactly one; `metrics` is the
 * server's `GET /metrics` (an admin's session or a `metrics` key); `operator` is any signed-in
 * operator, for what belongs to a person (saved views), never to an API key.
 */
export const PERMISSIONS = ["runs:read", "runs:write", "admin", "metrics", "operator"] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Who is calling: a signed-in operator or a service's API key. */
export const principalSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), id: z.string(), label: z.string(), email: z.string(), role: z.enum(ROLES) }),
  z.object({
    type: z.literal("api_key"),
    id: z.string(),
    label: z.string(),
    scope: z.enum(KEY_SCOPES),
    ownerId: z.string(),
  }),
]);
export type Principal = z.infer<typeof principalSchema>;

/** Passwords are at least this long (better-auth's minPasswordLength). */
export const PASSWORD_MIN_LENGTH = 12;

export const createUserInputSchema = z.strictObject({
  email: z.email("a valid email address is required").max(254),
  name: z.string().trim().min(1, "a name is required").max(100),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `the password must have at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(128),
  role: z.enum(ROLES),
});
export type CreateUserInput = z.infer<typeof createUserInputSchema>;

export const setUserRoleInputSchema = z.strictObject({ user_id: z.string().min(1), role: z.enum(ROLES) });

export const createApiKeyInputSchema = z.strictObject({
  name: z.string().trim().min(1, "a name is required").max(64, "the name can have at most 64 characters"),
  scope: z.enum(KEY_SCOPES),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInputSchema>;

export const revokeApiKeyInputSchema = z.strictObject({ id: z.string().min(1) });

/** An operator as admins see them (never a password or session). */
export const userSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  created_at: z.number().int(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

/** An API key as admins see it: never the key itself, only its first characters. */
export const apiKeySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  start: z.string().nullable(),
  scope: z.enum(KEY_SCOPES),
  enabled: z.boolean(),
  created_at: z.number().int(),
  last_used_at: z.number().int().nullable(),
  created_by: z.string().nullable(),
});
export type ApiKeySummary = z.infer<typeof apiKeySummarySchema>;

/** A key just created: `key` is shown this once and never stored. */
export const createdApiKeySchema = apiKeySummarySchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

// Resolved against a placeholder origin: a `next` that leaves it names another site.
const SITE = "http://runboard.invalid";

/**
 * Where to send the operator after signing in: a path of this site, as the browser will read it,
 * or "/" for anything else. Parsed as browsers parse it (they drop TAB, CR and LF, and read `//host`
 * or `/\host` as another site), so what is checked is what the browser will follow.
 */
export function safeNextPath(next: unknown): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (typeof value !== "string" || !value.startsWith("/")) return "/";
  let url: URL;
  try {
    url = new URL(value, SITE);
  } catch {
    return "/";
  }
  if (url.origin !== SITE) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse to "//host" ("/.//evil.test"), which a browser reads as another site.
  return path.startsWith("//") || path.startsWith("/\\") ? "/" : path;
}
