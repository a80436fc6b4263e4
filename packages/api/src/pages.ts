import type { Principal } from "@runboard/contract";
import type { createCaller } from "./root.ts";

// The hand-over between the Runboard server (apps/server) and the dashboard's server components:
// the server sets what pages need before Next starts, the pages read it per request.

/** What a server component learns about the request it renders: its caller and a router caller acting as them. */
export interface PageRequest {
  principal: Principal | null;
  caller: ReturnType<typeof createCaller>;
}

export type ResolvePageRequest = (headers: Headers) => Promise<PageRequest>;

/** The demo admin's credentials, shown on the sign-in page in demo mode only. */
export interface DemoLogin {
  email: string;
  password: string;
}

interface HandOver {
  resolve?: ResolvePageRequest;
  demoLogin?: DemoLogin;
}

// Kept on globalThis, not in a module variable: Next compiles this file into the dashboard's own
// server bundle, so the server process (run by tsx) and the pages each get a separate instance of
// this module. A registered symbol is the same key in both.
const KEY = Symbol.for("runboard.pages.hand-over");
const handOver = (): HandOver => {
  const store = globalThis as { [KEY]?: HandOver };
  store[KEY] ??= {};
  return store[KEY];
};

export function setPageRequestResolver(resolve: ResolvePageRequest): void {
  handOver().resolve = resolve;
}

/** The caller of the request being rendered, as the Runboard server resolves it. */
export function resolvePageRequest(headers: Headers): Promise<PageRequest> {
  const resolve = handOver().resolve;
  if (!resolve) throw new Error("The dashboard must be served by apps/server (the Runboard server).");
  return resolve(headers);
}

export function setDemoLogin(login: DemoLogin): void {
  handOver().demoLogin = login;
}

/** The demo admin's credentials in demo mode; undefined otherwise. */
export function demoLogin(): DemoLogin | undefined {
  return handOver().demoLogin;
}
