import { authorize } from "@runboard/api";
import type { Permission } from "@runboard/contract";
import type { FastifyRequest, onRequestHookHandler, RouteOptions } from "fastify";

declare module "fastify" {
  interface FastifyContextConfig {
    /** What the route needs; every /v1 route must declare one unless it is listed as public. */
    permission?: Permission;
  }
}

/** Routes anyone may call: the OpenAPI document and the 404 for unknown paths. */
export const PUBLIC_REST_ROUTES = new Set(["/v1/openapi.json", "/v1/", "/v1/*", "/v1"]);

export interface RestRouteEntry {
  method: string;
  url: string;
  permission: Permission | null;
}

/** The one check of every REST route: 401 without a caller, 403 with too little (see restErrorHandler). */
export function requirePermission(permission: Permission): onRequestHookHandler {
  return async function checkPermission(request: FastifyRequest) {
    authorize(request.principal, permission);
  };
}

/**
 * Registered before the routes: each route's declared `config.permission` becomes its first
 * onRequest check, and a route that declares none (and is not public) stops the server from
 * starting — no route can skip the check by omission.
 */
export function enforceRoutePermissions(registry: RestRouteEntry[]) {
  return (route: RouteOptions) => {
    const permission = route.config?.permission ?? null;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) registry.push({ method, url: route.url, permission });
    if (permission === null) {
      if (PUBLIC_REST_ROUTES.has(route.url)) return;
      throw new Error(`REST route ${methods.join(",")} ${route.url} declares no permission (config.permission)`);
    }
    const existing =
      route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [requirePermission(permission), ...existing];
  };
}
