import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Resolution } from "@runboard/api";
import { type ResolvePageRequest, setPageRequestResolver } from "@runboard/api/pages";
import type { FastifyInstance } from "fastify";
import next from "next";
import { toFetchHeaders } from "./headers.ts";
import { pageSecurityHeaders } from "./security.ts";

/** Pages anyone may open (the sign-in page and Next's assets); every other page needs a session. */
function isPublicPage(path: string): boolean {
  return path === "/sign-in" || path.startsWith("/_next/") || path === "/icon.svg" || path === "/favicon.ico";
}

export const DASHBOARD_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../dashboard");

export class DashboardNotBuiltError extends Error {
  override name = "DashboardNotBuiltError";
}

/**
 * Hands every path that is not an API route to Next's request handler (a Next.js custom server),
 * so operators and services share one origin and one port while the API never pays for Next's
 * routing. Server components reach the router in-process through the caller set here.
 */
export async function registerPages(
  app: FastifyInstance,
  options: { dev: boolean; signedIn: (headers: Headers) => Promise<Resolution>; resolve: ResolvePageRequest },
): Promise<() => Promise<void>> {
  if (!options.dev && !existsSync(join(DASHBOARD_DIR, ".next", "BUILD_ID"))) {
    throw new DashboardNotBuiltError(
      "The dashboard is not built: run `pnpm build` first (`npm start` does), or set RUNBOARD_DASHBOARD=false to serve the API only.",
    );
  }
  setPageRequestResolver(options.resolve);
  const nextApp = next({ dev: options.dev, dir: DASHBOARD_DIR, quiet: !options.dev });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();

  app.all("/*", async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    // A fresh nonce per response; Next stamps it on its scripts from the request's CSP header,
    // which therefore replaces whatever the client sent there.
    const headers = pageSecurityHeaders(options.dev, randomBytes(16).toString("base64"));
    request.raw.headers["content-security-policy"] = headers["content-security-policy"];
    delete request.raw.headers["content-security-policy-report-only"];
    // Not signed in: every page but the sign-in page sends the browser there (and back after).
    if ((request.method === "GET" || request.method === "HEAD") && !isPublicPage(path)) {
      const resolution = await options.signedIn(toFetchHeaders(request.headers));
      if (!resolution.principal) {
        for (const [name, value] of Object.entries(headers)) reply.header(name, value);
        return reply.redirect(`/sign-in?next=${encodeURIComponent(request.url)}`, 303);
      }
      // A session that slid forward: the browser gets the renewed cookie with the page.
      if (resolution.setCookies?.length) reply.raw.setHeader("set-cookie", resolution.setCookies);
    }
    reply.hijack();
    // Next streams the response inside handle(); headers must be on the raw response before it.
    for (const [name, value] of Object.entries(headers)) reply.raw.setHeader(name, value);
    handle(request.raw, reply.raw).catch((error: unknown) => {
      request.log.error({ err: error }, "page rendering failed");
      if (!reply.raw.headersSent) reply.raw.writeHead(500, { "content-type": "text/plain" });
      reply.raw.end("Internal Server Error");
    });
  });

  // Hot reload in development talks over a WebSocket on the same port.
  if (options.dev) {
    const upgrade = nextApp.getUpgradeHandler();
    app.server.on("upgrade", (req, socket, head) => {
      if (req.url?.startsWith("/_next/")) void upgrade(req, socket, head);
    });
  }
  return () => nextApp.close();
}
