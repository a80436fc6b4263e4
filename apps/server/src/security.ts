import type { FastifyReply, FastifyRequest } from "fastify";
import { invalidRequest } from "./rest/errors.ts";
import type { ErrorResponse } from "./rest/schemas.ts";

/**
 * Headers for every page. Next.js streams its data in inline scripts, so scripts allow
 * 'unsafe-inline' from this origin only; nothing may load from another origin (the dashboard uses
 * no remote fonts, scripts or images), and no other site may frame it.
 */
export function pageSecurityHeaders(dev: boolean): Record<string, string> {
  const csp = [
    "default-src 'self'",
    // Next's dev server evaluates modules and hot-reloads over a WebSocket.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
  };
}

/** API responses are data, never documents: nothing in them may run or be framed. */
export const API_SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser cross-origin request (servers, curl, SDKs send none)
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * Browsers attach the session cookie (SameSite=Lax), and mutations must not be triggerable by another site
 * (a form posting text/plain to /api/trpc, say): cross-site state-changing requests are refused.
 */
export async function refuseCrossSiteMutations(request: FastifyRequest, reply: FastifyReply) {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return;
  const fetchSite = request.headers["sec-fetch-site"];
  if (fetchSite === "cross-site" || !sameOrigin(request)) {
    return reply.code(403).send({
      error: invalidRequest("Cross-site requests may not change data.", "cross_site_request"),
    } satisfies ErrorResponse);
  }
}
