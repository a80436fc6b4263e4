import { randomBytes } from "node:crypto";
import type { AccountService } from "@runboard/api";
import { setDemoLogin } from "@runboard/api/pages";
import type { ServerConfig } from "./config.ts";

/** The demo admin of the self-contained mode (embedded PostgreSQL with demo data). */
const DEMO_ADMIN = { email: "admin@runboard.local", password: "runboard-demo", name: "Demo Admin" };

const isLoopbackName = (host: string) =>
  host === "localhost" || host === "::1" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * Whether only this machine's users can reach the sign-in page: a loopback bind that nothing
 * forwards to. A public URL elsewhere, extra host names or a trusted proxy mean others can.
 */
export function demoLoginIsPrivate(config: ServerConfig): boolean {
  return (
    isLoopbackName(config.host) &&
    isLoopbackName(new URL(config.publicUrl).hostname) &&
    config.allowedHosts.length === 0 &&
    config.trustProxy === false
  );
}

/**
 * The demo admin's sign-in. Where only this machine can reach it, its published password is printed
 * and shown on the sign-in page; anywhere else that password would let anyone in, so the account
 * gets a random one, printed here only (the sign-in page shows none), which stays until changed.
 */
export async function ensureDemoLogin(accounts: AccountService, isPrivate: boolean): Promise<void> {
  const { email } = DEMO_ADMIN;
  const published =
    (await accounts.ensureAdmin(DEMO_ADMIN)) === "created" || (await accounts.passwordIs(email, DEMO_ADMIN.password));
  if (isPrivate && published) {
    console.log(`runboard: demo mode: sign in as ${email} with the password ${DEMO_ADMIN.password}`);
    setDemoLogin({ email, password: DEMO_ADMIN.password });
  } else if (published) {
    const password = randomBytes(12).toString("base64url");
    await accounts.setPassword(email, password);
    console.log(
      `runboard: demo mode reachable from other machines: sign in as ${email} with the one-time password ${password} ` +
        "(shown only now; the published demo password works on a private loopback start only). " +
        "For a real admin set RUNBOARD_ADMIN_EMAIL and RUNBOARD_ADMIN_PASSWORD.",
    );
  } else {
    console.log(
      `runboard: demo mode: ${email} keeps the password printed at an earlier start; ` +
        "if it is lost, set RUNBOARD_ADMIN_EMAIL and RUNBOARD_ADMIN_PASSWORD for a new admin",
    );
  }
}
