"use client";

import { safeNextPath } from "@runboard/contract";
import { type FormEvent, useState } from "react";

export function SignInForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: data.get("email"), password: data.get("password") }),
      });
      if (response.ok) {
        // Checked again where it is followed: the page's check is the server's, this is the browser's.
        window.location.assign(safeNextPath(next));
        return;
      }
      // better-auth answers { message }; Runboard's own errors (503: the database) { error: { message } }.
      const body = (await response.json().catch(() => null)) as {
        message?: string;
        error?: { message?: string };
      } | null;
      const wait = Number(response.headers.get("retry-after"));
      setError(
        response.status === 429
          ? `Too many sign-in attempts; try again in ${Number.isFinite(wait) && wait > 0 ? `${wait} s` : "a few seconds"}.`
          : response.status === 401
            ? "Wrong email or password."
            : (body?.message ?? body?.error?.message ?? `Sign-in failed (HTTP ${response.status}).`),
      );
    } catch {
      setError("Runboard cannot be reached; check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit}>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      <div aria-live="polite">
        {error ? (
          <p role="alert" className="banner banner-error">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
