import type { Permission } from "@runboard/contract";
import { can } from "../auth/authorize.ts";
import type { CallerAccess } from "./context.ts";

/**
 * Aborts `ended` once the caller no longer has `permission`: asked every `everyMs` and whenever
 * access may have changed. A check that cannot be made (the database away) keeps the call open:
 * an outage is not a sign-out. Returns the function that stops watching.
 */
export function watchAccess(access: CallerAccess, permission: Permission, ended: AbortController): () => void {
  let checking = false;
  // A change signalled while a check runs may postdate what that check read: ask once more after it.
  let again = false;
  const check = async (): Promise<void> => {
    if (ended.signal.aborted) return;
    if (checking) {
      again = true;
      return;
    }
    checking = true;
    try {
      const principal = await access.current();
      if (!principal || !can(principal, permission)) ended.abort();
    } catch {
      // Asked again at the next tick.
    } finally {
      checking = false;
    }
    if (again) {
      again = false;
      await check();
    }
  };
  const timer = setInterval(check, access.everyMs);
  timer.unref();
  const unsubscribe = access.onChange(() => void check());
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
