import { normalOrigin } from '../lib/env';

/**
 * Whether a browser page from `origin` may use the API with the visitor's credentials: CORS
 * answers and WebSocket upgrades both ask this one question. Only the server's own origin (the
 * Host the request was sent to, port included, so another port of the same host is a stranger)
 * and the origins in ALLOWED_ORIGINS may; `null` and anything unparsable may not.
 */
export function originAllowed(origin: string, host: string | null | undefined, allowed: readonly string[]): boolean {
  const normal = normalOrigin(origin);
  if (!normal) return false;
  if (allowed.includes(normal)) return true;
  return !!host && new URL(normal).host === host.trim().toLowerCase();
}

/** Headers a browser page from an allowed origin may send with a request to /graphql. */
export const CORS_REQUEST_HEADERS = [
  'content-type',
  'accept',
  'authorization',
  'x-api-key',
  'x-request-id',
  'x-graphql-csrf',
  'graphql-require-preflight',
  'apollo-require-preflight',
];
