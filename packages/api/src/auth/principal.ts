import { createHash } from "node:crypto";
import type { KeyScope, Principal, Role } from "@runboard/contract";
import type { Auth } from "./config.ts";

/**
 * `setCookies`: a session that slid forward (used after a day) comes with its renewed cookie, which
 * the HTTP layer passes on to the browser so the cookie lives as long as the session.
 */
export type Resolution = { principal: Principal; setCookies?: string[] } | { principal: null; reason: string };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * What a request says about its caller: its `Authorization` and `Cookie` header values (as Node
 * or fetch hand them over), and a way to get all of its headers as a fetch `Headers`.
 */
export interface Credentials {
  authorization: string | null | undefined;
  cookie: string | null | undefined;
  /** Called only when a session cookie is checked (better-auth reads the request's headers). */
  headers: () => Headers;
}

/** A key's scope from its stored permissions (accounts.ts KEY_PERMISSIONS writes them). */
export function keyScopeOf(permissions: unknown): KeyScope {
  const stored = permissions as { runs?: string[]; metrics?: string[] } | null | undefined;
  if (stored?.runs?.includes("write")) return "read_write";
  if (stored?.runs?.includes("read")) return "read";
  return stored?.metrics?.includes("read") ? "metrics" : "read";
}

/**
 * Who is calling: `Authorization: Bearer <api key>` (services, the openai SDK) first, else the
 * session cookie (the dashboard). A Bearer header that is present but invalid never falls back to
 * the cookie. Valid keys are remembered for `keyCacheMs` (by a digest of the key), so a busy
 * service costs one verification per key per window; `forgetKey` drops a revoked key at once.
 */
export function createPrincipalResolver(auth: Auth, options: { keyCacheMs?: number; maxEntries?: number } = {}) {
  const ttl = options.keyCacheMs ?? 5_000;
  const max = options.maxEntries ?? 10_000;
  const cache = new Map<string, { principal: Principal; until: number }>();
  const revocationListeners = new Set<() => void>();

  /** Throws the database's error when it cannot be reached (one primary-key lookup). */
  async function databaseAnswers(): Promise<void> {
    const { adapter } = await auth.$context;
    await adapter.findOne({ model: "user", where: [{ field: "id", value: "runboard-database-check" }] });
  }

  async function verifyKey(key: string): Promise<Resolution> {
    const digest = createHash("sha256").update(key).digest("base64url");
    const hit = cache.get(digest);
    if (hit && hit.until > Date.now()) return { principal: hit.principal };
    cache.delete(digest);
    let result = await auth.api.verifyApiKey({ body: { key } });
    if (!result.valid && result.error?.code === "INVALID_API_KEY") {
      // better-auth reports a failed lookup (the database unreachable or stalled) as INVALID_API_KEY
      // too. SDKs do not retry a 401, so a key is refused only if the database answers and the key,
      // looked up again, is still invalid; while it does not answer, the caller is unknown (503).
      await databaseAnswers();
      result = await auth.api.verifyApiKey({ body: { key } });
    }
    if (!result.valid || !result.key) return { principal: null, reason: result.error?.code ?? "invalid API key" };
    const k = result.key;
    const principal: Principal = {
      type: "api_key",
      id: k.id,
      label: k.name ?? k.start ?? k.id,
      scope: keyScopeOf(k.permissions),
      ownerId: k.referenceId,
    };
    if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    cache.set(digest, { principal, until: Date.now() + ttl });
    return { principal };
  }

  /**
   * Resolves from the two header values that decide who is calling. `headers` is called only when
   * a session cookie must be checked (better-auth reads a fetch `Headers`), so an API-key request
   * never builds one.
   */
  async function resolveCredentials(credentials: Credentials): Promise<Resolution> {
    const { authorization, cookie } = credentials;
    if (authorization) {
      const match = BEARER.exec(authorization);
      if (!match?.[1]) return { principal: null, reason: "malformed Authorization header" };
      return verifyKey(match[1]);
    }
    if (!cookie) return { principal: null, reason: "not signed in" };
    const { headers: responseHeaders, response: session } = await auth.api.getSession({
      headers: credentials.headers(),
      returnHeaders: true,
    });
    if (!session) return { principal: null, reason: "not signed in" };
    const user = session.user as typeof session.user & { role: Role };
    const setCookies = responseHeaders.getSetCookie();
    return {
      principal: { type: "user", id: user.id, label: user.name, email: user.email, role: user.role },
      ...(setCookies.length > 0 ? { setCookies } : {}),
    };
  }

  return {
    resolveCredentials,
    /** The same, from a fetch `Headers` (server components, tests). */
    resolve(headers: Headers): Promise<Resolution> {
      return resolveCredentials({
        authorization: headers.get("authorization"),
        cookie: headers.get("cookie"),
        headers: () => headers,
      });
    },
    forgetKey(keyId: string) {
      for (const [digest, entry] of cache) if (entry.principal.id === keyId) cache.delete(digest);
      for (const listener of revocationListeners) listener();
    },
    /** Calls `listener` whenever a key is revoked through this process (open streams check their caller). */
    onKeyRevoked(listener: () => void): () => void {
      revocationListeners.add(listener);
      return () => revocationListeners.delete(listener);
    },
  };
}

export type PrincipalResolver = ReturnType<typeof createPrincipalResolver>;
