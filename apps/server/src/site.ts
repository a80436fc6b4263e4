import { isIP } from "node:net";
import type { FastifyReply, FastifyRequest } from "fastify";
import { invalidRequest } from "./rest/errors.ts";
import type { ErrorResponse } from "./rest/schemas.ts";

/** The names this Runboard answers to: its public URL, RUNBOARD_ALLOWED_HOSTS, loopback and IPs. */
export interface SiteConfig {
  publicUrl: string;
  /** Further `host` or `host:port` names (a service calling it as http://runboard:3000, say). */
  allowedHosts?: readonly string[];
}

export type SitePolicy = ReturnType<typeof createSitePolicy>;

const LOOPBACK_NAMES = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** `host[:port]` as a URL spells it (lower case, the scheme's default port dropped); null if not just a host. */
function normalHost(host: string, protocol: string): string | null {
  if (/[/\\?#@\s]/.test(host)) return null;
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return null;
  }
}

/** An IP address written as a host (`192.0.2.7`, `[2001:db8::1]`): no DNS name, so it cannot be rebound. */
function isAddress(hostname: string): boolean {
  return isIP(hostname.replace(/^\[(.*)\]$/, "$1")) !== 0;
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
     * pointing at this address. Loopback names and IP addresses cannot be rebound, so they pass.
     */
    hostAllowed(host: string | undefined): boolean {
      const normal = host ? normalHost(host, publicUrl.protocol) : null;
      if (normal === null) return false;
      const hostname = normal.replace(/:\d+$/, "");
      return names.has(normal) || anyPort.has(hostname) || LOOPBACK_NAMES.test(hostname) || isAddress(hostname);
    },

    /** The origin of the page a request came from when it is this site's own: its scheme and Host. */
    requestOrigin(request: FastifyRequest): string | null {
      try {
        return new URL(`${request.protocol}://${request.headers.host}`).origin;
      } catch {
        return null;
      }
    },

    /** The Origin a browser sent is this site's own: the public one, or this request's scheme and Host. */
    sameOrigin(request: FastifyRequest): boolean {
      const origin = request.headers.origin;
      if (!origin) return true; // not a browser cross-origin request (servers, curl, SDKs send none)
      try {
        const sent = new URL(origin).origin;
        return sent === publicUrl.origin || sent === this.requestOrigin(request);
      } catch {
        return false;
      }
    },
  };
}

/**
 * Requests under a name this Runboard does not answer to are refused (health checks excepted).
 * The Host the client sent is checked, and X-Forwarded-Host too when present: with a trusted
 * proxy Fastify would believe it, and a page can set it on its own same-origin requests.
 */
export function refuseForeignHosts(site: SitePolicy) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split("?")[0];
    if (path === "/healthz" || path === "/readyz") return;
    const forwarded = request.headers["x-forwarded-host"];
    const names = [request.headers.host, ...(forwarded === undefined ? [] : [forwarded].flat())];
    const foreign = names.find((name) => !site.hostAllowed(name));
    if (foreign === undefined && names[0] !== undefined) return;
    const which = foreign ? `not under the name '${foreign}'` : "not without a Host header";
    const message =
      `This Runboard answers at ${site.publicOrigin}, ${which}. ` +
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

/** `OPTIONS * HTTP/1.1` asks about the server itself, not a page: it gets what the server allows. */
export async function answerServerWideOptions(request: FastifyRequest, reply: FastifyReply) {
  if (request.url !== "*") return;
  reply.header("allow", "GET, HEAD, POST, OPTIONS");
  return request.method === "OPTIONS" ? reply.code(204).send() : reply.code(400).send();
}
