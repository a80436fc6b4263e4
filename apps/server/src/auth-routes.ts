import { type AttemptLimiter, type Auth, CLIENT_IP_HEADER, isDatabaseUnavailable, PASSWORD_PATHS } from "@runboard/api";
import type { FastifyPluginAsync } from "fastify";
import { toFetchHeaders } from "./headers.ts";
import { sendDatabaseUnavailable } from "./rest/errors.ts";

/** The endpoints that check a password: each attempt counts against the caller's address. */
const PASSWORD_URLS = new Set(PASSWORD_PATHS.map((path) => `/api/auth${path}`));

/**
 * better-auth's endpoints (sign-in, sign-out, session) at /api/auth/*: the Fastify request becomes
 * a fetch Request for better-auth's handler and its Response goes back as is. Encapsulated so its
 * raw-body parser touches no other route.
 */
export const authRoutes: FastifyPluginAsync<{ auth: Auth; attempts?: AttemptLimiter }> = async (
  scope,
  { auth, attempts },
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
          const verdict = await attempts.take(`password:${request.ip}`);
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
