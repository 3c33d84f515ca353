import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import type { RunningServer } from './start-server';
import { eventually, freePort, ServerProcess } from '../e2e/support/processes';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../e2e/support/services';
import { collect, createLiveEvent, gql, startTestServer, traderToken, wsClient, signUpBettor } from '../e2e/support/server';

let database: TestDatabase;
let server: RunningServer;
let url: string;
let trader: string;

before(async () => {
  database = await createTestDatabase();
  // The webhook tests deliver to receivers on this machine, which only development allows.
  server = await startTestServer({ databaseUrl: database.url, env: { INPLAY_DELAY_MS: '0', WEBHOOK_ALLOW_LOOPBACK: 'on' } });
  url = server.url;
  trader = await traderToken(url);
});

after(async () => {
  await server?.close();
  await database?.drop();
});

const user = async () => (await signUpBettor(url, { prefix: 'partner' })).token;

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers }, body });
  return { status: response.status, headers: response.headers, body: await response.json().catch(() => null) };
}

const CREATE_KEY = `mutation($name: String!, $scopes: [ApiScope!]!) { createApiKey(name: $name, scopes: $scopes) { __typename ... on ApiKeyCreated { key apiKey { id prefix scopes } } ... on Rejection { code } } }`;

describe('API keys', () => {
  it('are shown once, listed by prefix, and act for the account only with the bet scope', async () => {
    const token = await user();
    const read = (await gql(url, CREATE_KEY, { name: 'reader', scopes: ['READ'] }, token)).data.createApiKey;
    const bet = (await gql(url, CREATE_KEY, { name: 'bettor', scopes: ['READ', 'BET'] }, token)).data.createApiKey;
    assert.match(read.key, /^sbk_[0-9a-f]{12}_/);
    assert.ok(read.key.startsWith(read.apiKey.prefix));
    const listed = await gql(url, `{ viewer { apiKeys { name prefix scopes revokedAt } } }`, {}, token);
    assert.equal(JSON.stringify(listed).includes(read.key), false, 'the whole key is never shown again');
    assert.equal(listed.data.viewer.apiKeys.length, 2);

    const event = await createLiveEvent(url, trader);
    const events = await post(JSON.stringify({ query: '{ events(first: 1) { edges { node { id } } } }' }), { 'x-api-key': read.key });
    assert.equal(events.status, 200);
    const PLACE = `mutation($s: ID!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "1.00", idempotencyKey: "${randomBytes(4).toString('hex')}" }) { __typename } }`;
    const denied = await post(JSON.stringify({ query: PLACE, variables: { s: event.markets[0].selections[0].id } }), { 'x-api-key': read.key });
    assert.equal(denied.body.errors[0].extensions.code, 'FORBIDDEN');
    const placed = await post(JSON.stringify({ query: PLACE, variables: { s: event.markets[0].selections[0].id } }), { authorization: `Bearer ${bet.key}` });
    assert.equal(placed.body.data.placeBet.__typename, 'BetPlaced');

    const keyMakingKeys = await post(JSON.stringify({ query: CREATE_KEY, variables: { name: 'x', scopes: ['BET'] } }), { 'x-api-key': bet.key });
    assert.equal(keyMakingKeys.body.errors[0].extensions.code, 'FORBIDDEN');

    // Over graphql-ws the key goes in connection_init.
    const { createClient } = await import('graphql-ws');
    const betClient = createClient({ url: `${url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { apiKey: bet.key }, retryAttempts: 0 });
    const readClient = createClient({ url: `${url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { apiKey: read.key }, retryAttempts: 0 });
    const allowed = collect(betClient, `subscription { betUpdated { kind } }`);
    const refused = collect(readClient, `subscription { betUpdated { kind } }`);
    await refused.ended();
    assert.equal((refused.messages[0]?.errors?.[0] as any)?.extensions?.code, 'FORBIDDEN');
    await new Promise((r) => setTimeout(r, 300));
    await post(JSON.stringify({ query: PLACE.replace(/idempotencyKey: "\w+"/, 'idempotencyKey: "ws-key"'), variables: { s: event.markets[0].selections[0].id } }), { 'x-api-key': bet.key });
    await allowed.until((m) => m.length >= 1);
    await betClient.dispose();
    await readClient.dispose();

    const revoked = await gql(url, `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: bet.apiKey.id }, token);
    assert.ok(revoked.data.revokeApiKey.revokedAt);
    const afterRevoke = await post(JSON.stringify({ query: PLACE, variables: { s: event.markets[0].selections[0].id } }), { 'x-api-key': bet.key });
    assert.equal(afterRevoke.body.errors[0].extensions.code, 'UNAUTHENTICATED');
    const forged = await post(JSON.stringify({ query: '{ viewer { id } }' }), { 'x-api-key': `${read.key.slice(0, -4)}AAAA` });
    assert.equal(forged.body.data.viewer, null);
    const bad = await gql(url, CREATE_KEY, { name: ' ', scopes: ['READ'] }, token);
    assert.equal(bad.data.createApiKey.code, 'INVALID_INPUT');
  });
});

describe('limits and probes', () => {
  it('refuses a query 12 levels deep and 200 aliases before running them', async () => {
    const deep = `{ events { edges { node { markets { event { markets { event { markets { event { markets { event { id } } } } } } } } } } } }`;
    // Refused while validating: an error and no data, never a partial execution.
    const d = await post(JSON.stringify({ query: deep }));
    assert.ok(d.status < 500 && !d.body.data, `status ${d.status}`);
    assert.match(JSON.stringify(d.body.errors), /depth limit of 10/i);
    const aliases = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: events(first: 1) { pageInfo { hasNextPage } }`).join(' ')} }`;
    const a = await post(JSON.stringify({ query: aliases }));
    assert.ok(a.status < 500 && !a.body.data, `status ${a.status}`);
    assert.match(JSON.stringify(a.body.errors), /alias/i);
  });

  it('refuses 100 batched operations and a 5 MB body, and stays healthy', async () => {
    const batch = JSON.stringify(Array.from({ length: 100 }, () => ({ query: '{ events(first: 1) { edges { cursor } } }' })));
    const b = await post(batch);
    assert.ok(b.status >= 400 && b.status < 500, `status ${b.status}`);
    const huge = JSON.stringify({ query: `{ events { edges { cursor } } } # ${'x'.repeat(5 * 1024 * 1024)}` });
    const h = await post(huge);
    assert.equal(h.status, 413);
    assert.equal((await fetch(`${url}/api/health`)).status, 200);
  });

  it('needs a custom header for requests a browser could send cross-site without a preflight', async () => {
    const response = await fetch(`${url}/graphql?query=${encodeURIComponent('{ events(first: 1) { edges { cursor } } }')}`);
    assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
    const withHeader = await fetch(`${url}/graphql?query=${encodeURIComponent('{ events(first: 1) { edges { cursor } } }')}`, { headers: { 'x-graphql-csrf': '1' } });
    assert.equal(withHeader.status, 200);
  });

  it('closes a socket that never sends connection_init (4408) and one that sends it twice (4429)', async () => {
    const open = () => new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    const silent = open();
    const silentCode = await new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    assert.equal(silentCode, 4408);
    const twice = open();
    await new Promise((resolve) => twice.on('open', resolve));
    twice.send(JSON.stringify({ type: 'connection_init' }));
    twice.send(JSON.stringify({ type: 'connection_init' }));
    const twiceCode = await new Promise<number>((resolve) => twice.on('close', (code) => resolve(code)));
    assert.equal(twiceCode, 4429);
  });

  it('closes a socket that subscribes before connection_init (4401) or reuses a live subscription id (4409)', async () => {
    const open = async () => {
      const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      await new Promise((resolve) => socket.on('open', resolve));
      return socket;
    };
    const closeCode = (socket: WebSocket) => new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    const early = await open();
    early.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ events(first: 1) { edges { cursor } } }' } }));
    assert.equal(await closeCode(early), 4401);
    const twice = await open();
    twice.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise((resolve) => twice.once('message', resolve));
    const event = await createLiveEvent(url, trader);
    const subscribe = { id: 'same', type: 'subscribe', payload: { query: 'subscription($id: ID!) { oddsChanged(eventId: $id) { markets { id } } }', variables: { id: event.id } } };
    twice.send(JSON.stringify(subscribe));
    twice.send(JSON.stringify(subscribe));
    assert.equal(await closeCode(twice), 4409);
    assert.equal((await fetch(`${url}/api/health`)).status, 200);
  });

  it('closes a socket that sends a message larger than 64 KiB', async () => {
    const socket = new WebSocket(`${url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(100 * 1024) } }));
    const code = await new Promise<number>((resolve) => socket.on('close', (c) => resolve(c)));
    assert.equal(code, 1009);
    assert.equal((await fetch(`${url}/api/health`)).status, 200);
  });

  it('rate limits per caller with RATE_LIMITED, retryAfterSeconds and a Retry-After header, shared across instances', async () => {
    const prefix = `sbtest:rl:${Date.now()}:`;
    const env = { RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5', REDIS_PREFIX: prefix };
    const [a, b] = await Promise.all([startTestServer({ databaseUrl: database.url, env }), startTestServer({ databaseUrl: database.url, env })]);
    try {
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        const response = await fetch(`${i % 2 ? a.url : b.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ events(first: 1) { edges { cursor } } }' }) });
        statuses.push({ retryAfter: response.headers.get('retry-after'), body: await response.json() });
      }
      assert.equal(statuses.slice(0, 5).every((s) => !s.body.errors), true);
      const limited = statuses[5];
      assert.equal(limited.body.errors[0].extensions.code, 'RATE_LIMITED');
      assert.ok(limited.body.errors[0].extensions.retryAfterSeconds >= 1);
      assert.ok(Number(limited.retryAfter) >= 1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe("other users' keys and webhooks", () => {
  it('cannot be listed, revoked or deleted by anyone else', async () => {
    const [owner, other] = [await user(), await user()];
    const { apiKey } = (await gql(url, CREATE_KEY, { name: 'mine', scopes: ['READ'] }, owner)).data.createApiKey;
    const hook = (await gql(url, `mutation { registerWebhook(url: "http://127.0.0.1:9/mine") { ... on WebhookCreated { webhook { id } } } }`, {}, owner)).data.registerWebhook.webhook;
    assert.equal((await gql(url, `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: apiKey.id }, other)).data.revokeApiKey, null);
    assert.equal((await gql(url, `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: hook.id }, other)).data.deleteWebhook, false);
    const seen = (await gql(url, `{ viewer { apiKeys { id } webhooks { id } } }`, {}, other)).data.viewer;
    assert.deepEqual(seen, { apiKeys: [], webhooks: [] });
    const mine = (await gql(url, `{ viewer { apiKeys { id revokedAt } webhooks { id } } }`, {}, owner)).data.viewer;
    assert.deepEqual(mine, { apiKeys: [{ id: apiKey.id, revokedAt: null }], webhooks: [{ id: hook.id }] });
  });
});

describe('webhooks', () => {
  it('delivers signed settlement events, retries a failing receiver with backoff, and shows the history', async () => {
    const token = await user();
    const received: Array<{ body: string; signature: string }> = [];
    let failuresLeft = 1;
    const receiver = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failuresLeft-- > 0) return void res.writeHead(500).end();
        received.push({ body, signature: String(req.headers['x-sportsbook-signature']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const port = (receiver.address() as { port: number }).port;
    try {
      const bad = await gql(url, `mutation { registerWebhook(url: "http://example.com/hook") { __typename ... on Rejection { code } } }`, {}, token);
      assert.equal(bad.data.registerWebhook.code, 'INVALID_INPUT');
      const created = await gql(url, `mutation($u: String!) { registerWebhook(url: $u) { ... on WebhookCreated { secret webhook { id } } } }`, { u: `http://127.0.0.1:${port}/hook` }, token);
      const { secret } = created.data.registerWebhook;
      const event = await createLiveEvent(url, trader);
      const market = event.markets[0];
      await gql(url, `mutation($s: ID!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "2.00", idempotencyKey: "wh" }) { __typename } }`, { s: market.selections[0].id }, token);
      await eventually(async () => (await gql(url, `{ viewer { bets { edges { node { status } } } } }`, {}, token)).data.viewer.bets.edges[0].node.status === 'OPEN');
      await gql(url, `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id } }`, {
        m: market.id,
        r: market.selections.map((s, i) => ({ selectionId: s.id, result: i === 0 ? 'WON' : 'LOST' })),
      }, trader);
      await eventually(() => received.length >= 1, 15_000, 'the retried delivery');
      const { body, signature } = received[0];
      const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature)!;
      assert.equal(createHmac('sha256', secret).update(`${t}.${body}`).digest('hex'), v1, 'the signature verifies');
      assert.equal(JSON.parse(body).type, 'bet.settled');
      const history = await gql(url, `{ viewer { webhooks { url deliveries { status attempts lastStatusCode } } } }`, {}, token);
      assert.deepEqual(history.data.viewer.webhooks[0].deliveries, [{ status: 'DELIVERED', attempts: 2, lastStatusCode: 204 }]);
    } finally {
      receiver.close();
    }
  });
});

describe('webhook receivers that do not answer', () => {
  it('records a timed-out attempt and schedules a retry with backoff', async () => {
    const token = await user();
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer(() => {
      /* never answers */
    });
    silent.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      await gql(url, `mutation($u: String!) { registerWebhook(url: $u) { __typename } }`, { u: `http://127.0.0.1:${port}/slow` }, token);
      const event = await createLiveEvent(url, trader);
      const market = event.markets[0];
      await gql(url, `mutation($s: ID!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "1.00", idempotencyKey: "slow" }) { __typename } }`, { s: market.selections[0].id }, token);
      await eventually(async () => (await gql(url, `{ viewer { bets { edges { node { status } } } } }`, {}, token)).data.viewer.bets.edges[0].node.status === 'OPEN');
      await gql(url, `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id } }`, {
        m: market.id,
        r: market.selections.map((s, i) => ({ selectionId: s.id, result: i === 0 ? 'WON' : 'LOST' })),
      }, trader);
      let delivery: any;
      await eventually(async () => {
        delivery = (await gql(url, `{ viewer { webhooks { deliveries { status attempts lastError nextAttemptAt } } } }`, {}, token)).data.viewer.webhooks[0].deliveries[0];
        return delivery?.attempts >= 1;
      }, 15_000, 'a timed-out attempt');
      assert.equal(delivery.status, 'PENDING');
      assert.match(delivery.lastError, /timeout|aborted/i);
      assert.ok(Date.parse(delivery.nextAttemptAt) > Date.now(), 'the retry is scheduled later');
      assert.equal((await fetch(`${url}/api/health`)).status, 200);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe('operations', () => {
  it('serves Prometheus metrics and separate liveness and readiness', async () => {
    const event = await createLiveEvent(url, trader);
    const sub = collect(wsClient(url), `subscription($id: ID!) { oddsChanged(eventId: $id) { markets { id } } }`, { id: event.id });
    await new Promise((r) => setTimeout(r, 300));
    await gql(url, `mutation($id: ID!) { setOdds(selectionId: $id, odds: "2.33") { id } }`, { id: event.markets[0].selections[0].id }, trader);
    await sub.until((m) => m.length >= 1);
    const text = await (await fetch(`${url}/metrics`)).text();
    for (const name of ['sportsbook_ws_connections', 'sportsbook_subscriptions_active', 'sportsbook_delivery_latency_seconds_count', 'sportsbook_bets_placed_total', 'sportsbook_cashout_offers_total', 'sportsbook_outbox_lag_seconds', 'sportsbook_webhook_failures_total']) {
      assert.match(text, new RegExp(`^${name}`, 'm'), name);
    }
    assert.match(text, /sportsbook_subscriptions_active\{field="subscription:oddsChanged"\} 1/);
    sub.dispose();
    assert.equal((await fetch(`${url}/api/health/live`)).status, 200);
    assert.equal((await fetch(`${url}/api/health/ready`)).status, 200);
  });

  it('shuts down gracefully on SIGTERM: sockets get 1001 and the process exits cleanly', async () => {
    const child = new ServerProcess(await freePort(), {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `sbtest:term:${Date.now()}:`,
      AUTH_SECRET: randomBytes(32).toString('hex'),
      TRADER_PASSWORD: 'trader-password',
    });
    await child.start();
    const socket = new WebSocket(`${child.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
    await new Promise((r) => socket.on('open', r));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await new Promise((r) => socket.once('message', r));
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    const exited = child.exited();
    child.kill('SIGTERM');
    assert.equal(await closed, 1001);
    assert.equal(await exited, 0);
  });
});
