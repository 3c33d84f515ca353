import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Runtime } from '../lib/runtime';

/** Whether the Authorization header carries `Bearer <token>`, compared in constant time. */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  // Digests have one length, so neither the comparison nor its timing says how long the token is.
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * /metrics for operators (docs/decisions/0018): with METRICS_TOKEN set, only for a caller sending
 * it as a bearer token; without one, open outside production and refused in production.
 */
export async function serveMetrics(runtime: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { METRICS_TOKEN: token, NODE_ENV } = runtime.env;
  const refuse = (status: number, code: string, message: string) =>
    res
      .writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(status === 401 ? { 'www-authenticate': 'Bearer realm="metrics"' } : {}) })
      .end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  if (token === undefined && NODE_ENV === 'production') return void refuse(403, 'FORBIDDEN', 'Metrics are not served in production without METRICS_TOKEN.');
  if (token !== undefined && !bearerMatches(req.headers.authorization, token)) return void refuse(401, 'UNAUTHENTICATED', 'Metrics need the operators\' bearer token.');
  const text = await runtime.metrics.registry.metrics();
  res.writeHead(200, { 'content-type': runtime.metrics.registry.contentType, 'cache-control': 'no-store' }).end(text);
}
