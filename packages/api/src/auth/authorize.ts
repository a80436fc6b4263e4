import type { Actor, Permission, Principal } from "@runboard/contract";
import { AuthenticationRequiredError, PermissionDeniedError } from "../errors.ts";

/** Whether this caller may do what `permission` names: the one table of who may do what. */
export function can(principal: Principal, permission: Permission): boolean {
  switch (permission) {
    case "runs:read":
      return principal.type === "user" || principal.scope !== "metrics";
    case "runs:write":
      return principal.type === "api_key"
        ? principal.scope === "read_write"
        : principal.role === "editor" || principal.role === "admin";
    case "admin":
      return principal.type === "user" && principal.role === "admin";
    case "metrics":
      return principal.type === "user" ? principal.role === "admin" : principal.scope === "metrics";
    case "operator":
      return principal.type === "user";
  }
}

/** Throws 401 (no caller) or 403 (too little) unless the caller has the permission. */
export function authorize(principal: Principal | null, permission: Permission): Principal {
  if (!principal) throw new AuthenticationRequiredError();
  if (!can(principal, permission)) throw new PermissionDeniedError(permission);
  return principal;
}

/** The actor recorded in a run's history for this caller. */
export function actorOf(principal: Principal): Actor {
  return { type: principal.type, id: principal.id, label: principal.label };
}
