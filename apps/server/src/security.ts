/**
 * Headers for one page response. Next.js streams its data in inline scripts: each carries this
 * response's nonce (Next reads it from the request's CSP header) and only those run. 'strict-dynamic'
 * lets them load the app's chunks; nothing may load from another origin (the dashboard uses no
 * remote fonts, scripts or images), and no other site may frame it.
 */
export function pageSecurityHeaders(dev: boolean, nonce: string): Record<string, string> {
  const csp = [
    "default-src 'self'",
    // Next's dev server evaluates modules and hot-reloads over a WebSocket.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
  };
}

/** API responses are data, never documents: nothing in them may run or be framed. */
export const API_SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};
