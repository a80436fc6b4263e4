import { isIPv6 } from "node:net";
import {
  type AttemptLimiter,
  type Auth,
  CLIENT_IP_HEADER,
  isDatabaseUnavailable,
  PASSWORD_PATHS,
  REQUEST_ORIGIN_HEADER,
} from "@runboard/api";
import type { FastifyPluginAsync } from "fastify";
import { toFetchHeaders } from "./headers.ts";
import { sendDatabaseUnavailable } from "./rest/errors.ts";
import type { SitePolicy } from "./site.ts";

/** The endpoints that check a password: each attempt counts against the caller's address. */
const PASSWORD_URLS = new Set(PASSWORD_PATHS.map((path) => `/api/auth${path}`));

/**
 * Whose attempts count together: an IPv4 address, or an IPv6 /64 (one client holds a whole /64
 * and could otherwise take a fresh address for every guess).
 */
export function attemptKeyOf(ip: string): string {
  if (!isIPv6(ip) || ip.toLowerCase().startsWith("::ffff:")) return `password:${ip.replace(/^::ffff:/i, "")}`;
  const [head = "", tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `password:${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

/**
 * better-auth's endpoints (sign-in, sign-out, session) at /api/auth/*: the Fastify request becomes
 * a fetch Request for better-auth's handler and its Response goes back as is. Encapsulated so its
 * raw-body parser touches no other route.
 */
export const authRoutes: FastifyPluginAsync<{ auth: Auth; attempts?: AttemptLimiter; site: SitePolicy }> = async (
  scope,
  { auth, attempts, site },
) => {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 64 * 1024 }, (_request, body, done) =>
    done(null, body),
  );
  scope.route({
    method: ["GET", "POST"],
    url: "/api/auth/*",
    async handler(request, reply) {
      const url = new URL(request.url, auth.options.baseURL as string);
      if (attempts && request.method === "POST" && PASSWORD_URLS.has(url.pathname)) {
        try {
          const verdict = await attempts.take(attemptKeyOf(request.ip));
          if (!verdict.allowed) {
            return reply
              .code(429)
              .header("retry-after", String(verdict.retryAfterSeconds))
              .send({
                code: "TOO_MANY_REQUESTS",
                message: `Too many password attempts from this address; try again in ${verdict.retryAfterSeconds} s.`,
              });
          }
        } catch (error) {
          if (isDatabaseUnavailable(error)) return sendDatabaseUnavailable(request, reply, error);
          throw error;
        }
      }
      const headers = toFetchHeaders(request.headers);
      // better-auth sees only headers: sessions.ip_address needs the address (RUNBOARD_TRUST_PROXY
      // decides whether a proxy's X-Forwarded-For names it). `set` replaces a client-sent value.
      headers.set(CLIENT_IP_HEADER, request.ip);
      // The page this request came from may sign in when it is this site's own (its Host passed
      // the Host check): the public URL, or a loopback, IP or allowed name the browser used.
      headers.delete(REQUEST_ORIGIN_HEADER);
      const origin = site.requestOrigin(request);
      if (origin) headers.set(REQUEST_ORIGIN_HEADER, origin);
      const body = request.method === "GET" ? undefined : (request.body as Buffer | undefined);
      const response = await auth.handler(
        new Request(url, { method: request.method, headers, body: body?.length ? new Uint8Array(body) : undefined }),
      );
      reply.status(response.status);
      // getSetCookie keeps each cookie separate (forEach would join them with ", ").
      for (const cookie of response.headers.getSetCookie()) reply.header("set-cookie", cookie);
      response.headers.forEach((value, name) => {
        if (name !== "set-cookie") reply.header(name, value);
      });
      return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : null);
    },
  });
};
