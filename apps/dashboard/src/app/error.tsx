"use client";

/**
 * Anything a page fails to render (the database being unreachable, say) shows as a banner with a
 * retry, inside the normal layout, instead of a blank crash page.
 */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <section aria-labelledby="page-error-heading">
      <h1 id="page-error-heading">This page could not be loaded</h1>
      <div role="alert" className="banner banner-error">
        {/* Server errors arrive without their text in production; the digest matches the server log. */}
        Runboard could not load this page — the database may be unavailable. It reconnects by itself.
        {error.digest ? <span className="muted"> (reference {error.digest})</span> : null}{" "}
        <button type="button" onClick={reset}>
          Try again
        </button>
      </div>
    </section>
  );
}
