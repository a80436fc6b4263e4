import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { createCaller } from "@runboard/api";
import type { FastifyInstance } from "fastify";
import next from "next";
import { pageSecurityHeaders } from "./security.ts";

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
  options: { dev: boolean; caller: ReturnType<typeof createCaller> },
): Promise<() => Promise<void>> {
  if (!options.dev && !existsSync(join(DASHBOARD_DIR, ".next", "BUILD_ID"))) {
    throw new DashboardNotBuiltError(
      "The dashboard is not built: run `pnpm build` first (`npm start` does), or set RUNBOARD_DASHBOARD=false to serve the API only.",
    );
  }
  (globalThis as { __runboardCaller?: unknown }).__runboardCaller = options.caller;
  const nextApp = next({ dev: options.dev, dir: DASHBOARD_DIR, quiet: !options.dev });
  await nextApp.prepare();
  const handle = nextApp.getRequestHandler();

  const headers = pageSecurityHeaders(options.dev);
  app.all("/*", (request, reply) => {
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
