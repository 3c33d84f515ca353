import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GraphQLError } from 'graphql';
import postgres from 'postgres';
import { isUnavailable, serviceUnavailable } from './unavailable';

const pgError = (code: string) => Object.assign(new Error('server said no'), { name: 'PostgresError', code });
const coded = (code: string) => Object.assign(new Error(code), { code });

describe('which errors mean a dependency is unavailable', () => {
  it('counts lost, refused and timed-out connections, and a server shutting down, starting or cancelling a statement', () => {
    for (const code of ['CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET']) assert.ok(isUnavailable(coded(code)), code);
    for (const code of ['57P01', '57P02', '57P03', '57014', '08006', '08001', '53300']) assert.ok(isUnavailable(pgError(code)), code);
  });

  it('counts Redis connection errors', () => {
    assert.ok(isUnavailable(new Error('Connection is closed.')));
    assert.ok(isUnavailable(new Error("Stream isn't writeable and enableOfflineQueue options is false")));
    assert.ok(isUnavailable(Object.assign(new Error('Reached the max retries per request limit (which is 2).'), { name: 'MaxRetriesPerRequestError' })));
  });

  it('finds the cause through GraphQL and driver wrappers', () => {
    const wrapped = new GraphQLError('wrapped', { originalError: new Error('Failed query', { cause: pgError('57P01') }) });
    assert.ok(isUnavailable(wrapped));
  });

  it('does not count bugs, constraint violations, deadlocks or bad input', () => {
    assert.ok(!isUnavailable(new TypeError('x is undefined')));
    for (const code of ['23505', '40P01', '40001', '22P02', '42P01']) assert.ok(!isUnavailable(pgError(code)), code);
    assert.ok(!isUnavailable(new GraphQLError('bad', { extensions: { code: 'BAD_USER_INPUT' } })));
    assert.ok(!isUnavailable(null));
  });

  it('classifies a real refused connection from the driver', async () => {
    const sql = postgres('postgres://postgres@127.0.0.1:1/none', { max: 1, connect_timeout: 2, onnotice: () => {} });
    const error = await sql`select 1`.then(() => null, (e: unknown) => e);
    await sql.end({ timeout: 1 });
    assert.ok(isUnavailable(error), String(error));
  });
});

describe('the SERVICE_UNAVAILABLE error', () => {
  it('carries its code, the seconds to wait, and the HTTP status and header yoga sends', () => {
    const error = serviceUnavailable(3);
    assert.equal(error.extensions.code, 'SERVICE_UNAVAILABLE');
    assert.equal(error.extensions.retryAfterSeconds, 3);
    assert.deepEqual(error.extensions.http, { status: 503, headers: { 'retry-after': '3' } });
  });
});
