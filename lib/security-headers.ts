/**
 * The security headers of every response (docs/decisions/0018): the policies as text, shared by
 * the server entry (API, GraphiQL, health, metrics) and Next's proxy (pages). Nothing here reads
 * Node or Next APIs beyond Web Crypto, so the proxy can import it.
 */

/** A fresh CSP nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

const policy = (directives: Array<string | false>) => directives.filter(Boolean).join('; ');

/**
 * The pages' policy: scripts only with this response's nonce (Next puts it on its own scripts and
 * those trust what they load, 'strict-dynamic'), styles from the app or with the nonce, style
 * attributes allowed (React renders CSS variables into them; they cannot run script), nothing
 * framed, no plugins, no <base>, forms only to the app. Development adds what Next's dev server
 * needs ('unsafe-eval' for React's error overlays, inline styles for hot reload).
 */
export function pageContentSecurityPolicy(nonce: string, options: { dev: boolean; https: boolean }): string {
  return policy([
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    options.dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    options.https && 'upgrade-insecure-requests',
  ]);
}

/**
 * GraphiQL's policy: its scripts only with the nonce, its Monaco workers from our own URLs; styles
 * inline too, because Monaco and GraphiQL create <style> elements at run time without a nonce.
 */
export function graphiqlContentSecurityPolicy(nonce: string): string {
  return policy([
    "default-src 'self'",
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]);
}

/** What API answers (JSON, metrics, health) say: nothing in them may load or be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** HSTS: two years, subdomains included (only ever sent over https). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains';

/**
 * The headers every response carries, page or API: no MIME sniffing, never framed (the header
 * older browsers read; CSP frame-ancestors is the modern one), the referrer cut to the origin when
 * leaving the site (bet and event ids are in paths), no cross-window access by other sites, and
 * HSTS when the request came over https.
 */
export function baseSecurityHeaders(https: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
    ...(https ? { 'strict-transport-security': STRICT_TRANSPORT_SECURITY } : {}),
  };
}

/**
 * Whether a request arrived over https: TLS on the socket, or a proxy in front saying so in
 * X-Forwarded-Proto (its first value, the client's side). A forged header can only add HSTS, which
 * a browser ignores over plain http.
 */
export function requestIsHttps(encrypted: boolean, forwardedProto: string | null | undefined): boolean {
  if (encrypted) return true;
  return (forwardedProto ?? '').split(',')[0].trim().toLowerCase() === 'https';
}
