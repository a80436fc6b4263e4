import { type Auth, CLIENT_IP_HEADER } from "@runboard/api";
import type { FastifyPluginAsync } from "fastify";
import { toFetchHeaders } from "./headers.ts";

/**
 * better-auth's endpoints (sign-in, sign-out, session) at /api/auth/*: the Fastify request becomes
 * a fetch Request for better-auth's handler and its Response goes back as is. Encapsulated so its
 * raw-body parser touches no other route.
 */
export const authRoutes: FastifyPluginAsync<{ auth: Auth }> = async (scope, { auth }) => {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 64 * 1024 }, (_request, body, done) =>
    done(null, body),
  );
  scope.route({
    method: ["GET", "POST"],
    url: "/api/auth/*",
    async handler(request, reply) {
      const url = new URL(request.url, auth.options.baseURL as string);
      const headers = toFetchHeaders(request.headers);
      // better-auth sees only headers: its per-IP sign-in limit and sessions.ip_address need the
      // address. `set` replaces whatever value the client sent: never trust that one.
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
