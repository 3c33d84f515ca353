import { GraphQLError } from 'graphql';

/**
 * Errors that mean "the database or Redis cannot serve right now", not "this request is wrong" nor
 * "the code is wrong": the answer is SERVICE_UNAVAILABLE (HTTP 503 with Retry-After), and a retry
 * after a moment succeeds once the dependency is back (docs/decisions/0010-postgres-recovery-and-readiness.md).
 */

/** postgres.js's own codes for a connection that closed, was ended or never came up; Node's socket codes. */
const CONNECTION_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away, starting, overloaded or cancelled the statement for
 * running too long: 08xxx connection exceptions; 57P01 admin shutdown (pg_terminate_backend),
 * 57P02 crash shutdown, 57P03 cannot connect now (starting up), 57014 query cancelled (statement
 * timeout); 53300 too many connections.
 */
function unavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '57P04', '57014', '53300'].includes(code);
}

/** ioredis's errors while Redis is unreachable (no offline queue, retries used up, connection closed). */
function unavailableRedis(error: Error): boolean {
  return (
    error.name === 'MaxRetriesPerRequestError' ||
    error.message === 'Connection is closed.' ||
    error.message.startsWith("Stream isn't writeable") ||
    error.message.startsWith('Reached the max retries per request limit')
  );
}

/** Whether `error`, or any error it wraps (GraphQL's originalError, drizzle's cause), says a dependency is unavailable. */
export function isUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; name?: unknown; message?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
    const code = typeof e.code === 'string' ? e.code : '';
    if (CONNECTION_CODES.has(code)) return true;
    if (e.name === 'PostgresError' && unavailableSqlState(code)) return true;
    if (current instanceof Error && unavailableRedis(current)) return true;
    // AggregateError (a connection attempt to several addresses, all refused).
    if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every((inner) => isUnavailable(inner))) return true;
    current = e.originalError ?? e.cause;
  }
  return false;
}

/**
 * The GraphQL error a client gets instead of a masked internal error when a dependency is
 * unavailable: code SERVICE_UNAVAILABLE with `retryAfterSeconds`, and on HTTP status 503 with a
 * Retry-After header (yoga takes both from `extensions.http` and leaves it out of HTTP answers).
 */
export function serviceUnavailable(retryAfterSeconds: number, at?: GraphQLError): GraphQLError {
  return new GraphQLError('The service is briefly unavailable (its database or Redis cannot be reached); retry shortly.', {
    nodes: at?.nodes,
    source: at?.source,
    positions: at?.positions,
    path: at?.path,
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      retryAfterSeconds,
      http: { status: 503, headers: { 'retry-after': String(retryAfterSeconds) } },
    },
  });
}
