import type { FastifyReply, FastifyRequest } from "fastify";
import { invalidRequest } from "./rest/errors.ts";
import type { ErrorResponse } from "./rest/schemas.ts";

/** The names this Runboard answers to: its public URL, RUNBOARD_ALLOWED_HOSTS, and loopback. */
export interface SiteConfig {
  publicUrl: string;
  /** Further `host` or `host:port` names (a service calling it as http://runboard:3000, say). */
  allowedHosts?: readonly string[];
}

export type SitePolicy = ReturnType<typeof createSitePolicy>;

const LOOPBACK_NAMES = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** `host[:port]` as a URL spells it (lower case, the scheme's default port dropped); null if no host. */
function normalHost(host: string, protocol: string): string | null {
  try {
    const url = new URL(`${protocol}//${host}`);
    return url.username || url.password || url.pathname !== "/" ? null : url.host;
  } catch {
    return null;
  }
}

export function createSitePolicy(config: SiteConfig) {
  const publicUrl = new URL(config.publicUrl);
  const names = new Set([publicUrl.host]);
  const anyPort = new Set<string>();
  for (const entry of config.allowedHosts ?? []) {
    const host = normalHost(entry, publicUrl.protocol);
    if (host === null) continue;
    if (/:\d+$/.test(entry)) names.add(host);
    else anyPort.add(host);
  }
  return {
    publicOrigin: publicUrl.origin,

    /**
     * A browser sends the name it resolved: under DNS rebinding another site's name (evil.test)
     * pointing at this address. Loopback names cannot be rebound, so they are always accepted.
     */
    hostAllowed(host: string | undefined): boolean {
      const normal = host ? normalHost(host, publicUrl.protocol) : null;
      if (normal === null) return false;
      const hostname = normal.replace(/:\d+$/, "");
      return names.has(normal) || anyPort.has(hostname) || LOOPBACK_NAMES.test(hostname);
    },

    /** The Origin a browser sent is this site's own: the public one, or this request's scheme and host. */
    sameOrigin(request: FastifyRequest): boolean {
      const origin = request.headers.origin;
      if (!origin) return true; // not a browser cross-origin request (servers, curl, SDKs send none)
      try {
        const sent = new URL(origin).origin;
        return sent === publicUrl.origin || sent === new URL(`${request.protocol}://${request.host}`).origin;
      } catch {
        return false;
      }
    },
  };
}

/** Requests under a name this Runboard does not answer to are refused (health checks excepted). */
export function refuseForeignHosts(site: SitePolicy) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split("?")[0];
    if (path === "/healthz" || path === "/readyz" || site.hostAllowed(request.host)) return;
    const message =
      `This Runboard answers at ${site.publicOrigin}, not under the name '${request.host}'. ` +
      "Set RUNBOARD_PUBLIC_URL (or RUNBOARD_ALLOWED_HOSTS) to the names it is reached by.";
    return reply.code(421).send({ error: invalidRequest(message, "host_not_allowed") } satisfies ErrorResponse);
  };
}

/**
 * Browsers attach the session cookie (SameSite=Lax), and mutations must not be triggerable by another site
 * (a form posting text/plain to /api/trpc, say): cross-site state-changing requests are refused.
 */
export function refuseCrossSiteMutations(site: SitePolicy) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return;
    if (request.headers["sec-fetch-site"] === "cross-site" || !site.sameOrigin(request)) {
      return reply.code(403).send({
        error: invalidRequest("Cross-site requests may not change data.", "cross_site_request"),
      } satisfies ErrorResponse);
    }
  };
}
