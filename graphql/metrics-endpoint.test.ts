import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer } from '../e2e/support/server';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { bearerMatches } from './metrics-endpoint';

// /metrics is for operators (issue 15, class 8; docs/decisions/0018).

const TOKEN = 'metrics-token-for-this-test-0123456789';

describe('/metrics', () => {
  let database: TestDatabase;
  const servers: Array<Awaited<ReturnType<typeof startTestServer>>> = [];
  const start = async (env: Record<string, string>) => {
    const server = await startTestServer({ databaseUrl: database.url, env });
    servers.push(server);
    return server;
  };

  before(async () => {
    database = await createTestDatabase();
  });

  after(async () => {
    for (const server of servers) await server.close();
    await database?.drop();
  });

  it('with METRICS_TOKEN set, answers only a caller sending it as a bearer token', async () => {
    const server = await start({ METRICS_TOKEN: TOKEN });
    const without = await fetch(`${server.url}/metrics`);
    assert.equal(without.status, 401);
    assert.match(String(without.headers.get('www-authenticate')), /^Bearer/);
    assert.equal((await without.json()).errors[0].extensions.code, 'UNAUTHENTICATED');
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, 'Bearer ']) {
      const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization } });
      assert.equal(wrong.status, 401, authorization);
      assert.doesNotMatch(await wrong.text(), /sportsbook_/);
    }
    const right = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(right.status, 200);
    assert.match(await right.text(), /sportsbook_ws_connections/);
    assert.equal(right.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(right.headers.get('content-security-policy'), "default-src 'none'; frame-ancestors 'none'");
  });

  it('without a token, is refused in production', async () => {
    const server = await start({ NODE_ENV: 'production' });
    const answer = await fetch(`${server.url}/metrics`);
    assert.equal(answer.status, 403);
    const body = await answer.json();
    assert.equal(body.errors[0].extensions.code, 'FORBIDDEN');
    assert.match(body.errors[0].message, /METRICS_TOKEN/);
  });

  it('without a token, is open outside production (development and tests)', async () => {
    const server = await start({});
    const answer = await fetch(`${server.url}/metrics`);
    assert.equal(answer.status, 200);
    assert.match(await answer.text(), /sportsbook_/);
  });

  it('compares bearer tokens exactly, whatever their length', () => {
    assert.equal(bearerMatches(`Bearer ${TOKEN}`, TOKEN), true);
    assert.equal(bearerMatches(`bearer ${TOKEN}`, TOKEN), true);
    assert.equal(bearerMatches(`Bearer ${TOKEN} `, TOKEN), true);
    assert.equal(bearerMatches(`Bearer ${TOKEN.toUpperCase()}`, TOKEN), false);
    assert.equal(bearerMatches(`Bearer a`, TOKEN), false);
    assert.equal(bearerMatches(undefined, TOKEN), false);
    assert.equal(bearerMatches(`Bearer ${TOKEN} extra`, TOKEN), false);
  });
});
