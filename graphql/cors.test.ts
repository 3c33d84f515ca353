import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { RunningServer } from './start-server';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { signUpBettor, startTestServer } from '../e2e/support/server';

// CORS and WebSocket origins answer one allow-list: the server's own origin and ALLOWED_ORIGINS.
// Requests are sent as a browser would send them from a page on that origin (node:http lets the
// test set Origin, which fetch in a browser sets by itself).

let database: TestDatabase;
let server: RunningServer;
let token: string;

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ databaseUrl: database.url, env: { ALLOWED_ORIGINS: 'https://Partner.Example' } });
  token = (await signUpBettor(server.url, { deposit: '0', prefix: 'cors' })).token;
});

after(async () => {
  await server?.close();
  await database?.drop();
});

function send(method: 'OPTIONS' | 'POST', headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/graphql`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const preflight = (origin: string) =>
  send('OPTIONS', { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' });
const credentialed = (origin: string) =>
  send('POST', { origin, 'content-type': 'application/json', authorization: `Bearer ${token}` }, JSON.stringify({ query: '{ viewer { username } }' }));

describe('CORS', () => {
  it('answers no other origin, another port of the same host included, neither its preflight nor a credentialed request', async () => {
    const port = Number(new URL(server.url).port);
    for (const origin of [`http://127.0.0.1:${port + 1}`, `http://localhost:${port}`, 'https://evil.example', 'null', 'https://partner.example.evil.example', 'http://partner.example']) {
      const pre = await preflight(origin);
      assert.equal(pre.headers['access-control-allow-origin'], undefined, `preflight from ${origin}`);
      assert.equal(pre.headers['access-control-allow-credentials'], undefined, `preflight from ${origin}`);
      const post = await credentialed(origin);
      assert.equal(post.headers['access-control-allow-origin'], undefined, `request from ${origin}`);
      assert.equal(post.headers['access-control-allow-credentials'], undefined, `request from ${origin}`);
      assert.match(String(post.headers.vary), /origin/i, 'caches keep answers per origin');
    }
  });

  it("answers the server's own origin and the allow-list, with credentials", async () => {
    for (const origin of [server.url, 'https://partner.example']) {
      const pre = await preflight(origin);
      assert.equal(pre.status, 204);
      assert.equal(pre.headers['access-control-allow-origin'], origin);
      assert.equal(pre.headers['access-control-allow-credentials'], 'true');
      assert.match(String(pre.headers['access-control-allow-headers']), /authorization/);
      const post = await credentialed(origin);
      assert.equal(post.headers['access-control-allow-origin'], origin);
      assert.equal(post.headers['access-control-allow-credentials'], 'true');
      assert.equal(JSON.parse(post.body).data.viewer.username.startsWith('cors'), true);
    }
  });
});

describe('WebSocket origins', () => {
  const open = (origin?: string) =>
    new Promise<'open' | number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', origin ? { origin } : {});
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });

  it('follow the same allow-list: strangers get 403, the own origin, allowed origins and non-browsers connect', async () => {
    const port = Number(new URL(server.url).port);
    for (const origin of [`http://127.0.0.1:${port + 1}`, 'https://evil.example', 'null']) assert.equal(await open(origin), 403, origin);
    for (const origin of [server.url, 'https://partner.example', 'https://PARTNER.example:443', undefined]) assert.equal(await open(origin), 'open', String(origin));
  });
});
