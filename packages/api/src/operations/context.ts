import type { Actor, Permission, Principal, Surface } from "@runboard/contract";
import type { AccountService } from "../auth/accounts.ts";
import { actorOf, authorize } from "../auth/authorize.ts";
import { DatabaseUnavailableError } from "../errors.ts";
import { noRunChanges, type RunChangeSource } from "../live/changes.ts";
import type { RunService } from "../run/service.ts";

/** What every operation runs with, whatever surface it was called through. */
export interface Context {
  runService: RunService;
  runChanges: RunChangeSource;
  /** Who is calling (a signed-in operator or an API key), or null: every operation then answers 401. */
  principal: Principal | null;
  /** Users and API keys (admin operations); absent where no auth is configured. */
  accounts?: AccountService;
  /** The surface the call came through, recorded with every change. */
  surface: Surface;
  /** For calls that last (subscriptions): the caller asked again while the call goes on. */
  access?: CallerAccess;
  /** The HTTP request's id (X-Request-Id), named in 5xx error bodies. */
  requestId?: string;
  /**
   * Why the caller could not be told (the database unreachable while checking the credentials):
   * every operation then fails with it, as a 503 naming the request.
   */
  callerUnavailable?: unknown;
}

/**
 * Who the caller of a long-lived call is now: the same credentials resolved again, so that a
 * stream ends when its key is revoked or its session signed out.
 */
export interface CallerAccess {
  /** The caller as the credentials resolve now (null: no longer valid). Throws when that cannot be told. */
  current(): Promise<Principal | null>;
  /** How often to ask while nothing else says so. */
  everyMs: number;
  /** Calls `listener` when access may have changed (a key revoked here); returns the unsubscribe. */
  onChange(listener: () => void): () => void;
}

/** The context once the caller passed the operation's permission: who they are and how changes record them. */
export interface AuthorizedContext extends Context {
  principal: Principal;
  actor: Actor;
}

/** Builds a call's context; the service and the change feed are shared by all calls. */
export function createContext(deps: {
  runService: RunService;
  runChanges?: RunChangeSource;
  principal: Principal | null;
  accounts?: AccountService;
  surface?: Surface;
  access?: CallerAccess;
  requestId?: string;
  callerUnavailable?: unknown;
}): Context {
  return {
    runService: deps.runService,
    runChanges: deps.runChanges ?? noRunChanges,
    principal: deps.principal,
    accounts: deps.accounts,
    surface: deps.surface ?? "trpc",
    access: deps.access,
    requestId: deps.requestId,
    callerUnavailable: deps.callerUnavailable,
  };
}

/** Throws 401 / 403 unless the caller has the permission; the one place a caller becomes an actor. */
export function authorizeContext(ctx: Context, permission: Permission): AuthorizedContext {
  if (ctx.callerUnavailable !== undefined) throw new DatabaseUnavailableError(ctx.callerUnavailable);
  const principal = authorize(ctx.principal, permission);
  return { ...ctx, principal, actor: actorOf(principal) };
}
