import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import type { RunningServer } from './start-server';
import { eventually } from '../e2e/support/processes';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderToken } from '../e2e/support/server';

// A server as production runs it: WEBHOOK_ALLOW_LOOPBACK is off. A TCP listener on loopback counts
// every connection the server makes to it; none may happen.

let database: TestDatabase;
let server: RunningServer;
let trader: string;
let listener: Server;
let port: number;
const connections: Socket[] = [];

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ databaseUrl: database.url, env: { INPLAY_DELAY_MS: '0' } });
  trader = await traderToken(server.url);
  listener = createServer((socket) => {
    connections.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', () => resolve()));
  port = (listener.address() as { port: number }).port;
});

after(async () => {
  listener?.close();
  await server?.close();
  await database?.drop();
});

const REGISTER = `mutation($u: String!) { registerWebhook(url: $u) { __typename ... on Rejection { code message } } }`;

describe('webhook targets in production', () => {
  it('refuse loopback and metadata addresses in every spelling at registration, http://localhost included', async () => {
    const { token } = await signUpBettor(server.url, { deposit: '0', prefix: 'hooks' });
    for (const url of [
      `http://localhost:${port}/hook`,
      `http://127.0.0.1:${port}/hook`,
      `https://[::ffff:127.0.0.1]:${port}/hook`,
      `https://[::ffff:7f00:1]:${port}/hook`,
      `https://0x7f.1:${port}/hook`,
      `https://2130706433:${port}/hook`,
      'https://[::ffff:a9fe:a9fe]/latest/meta-data/',
      'https://[::ffff:169.254.169.254]/latest/meta-data/',
      'https://[fd00:ec2::254]/latest/meta-data/',
      'https://0.0.0.0/',
      'https://[::]/',
      'https://metadata.google.internal/',
    ]) {
      const answer = (await gql(server.url, REGISTER, { u: url }, token)).data.registerWebhook;
      assert.equal(answer.code, 'INVALID_INPUT', `${url}: ${JSON.stringify(answer)}`);
    }
    assert.deepEqual((await gql(server.url, `{ viewer { webhooks { id } } }`, {}, token)).data.viewer.webhooks, []);
  });

  it('refuse at delivery a target that leads to loopback, a host name resolving there included, without connecting', async () => {
    const { token } = await signUpBettor(server.url, { prefix: 'hooked' });
    const viewer = (await gql(server.url, `{ viewer { id } }`, {}, token)).data.viewer;
    // Stored as they might have been before these checks, or before DNS changed: delivery must
    // refuse them on its own.
    const targets = [`https://${hostname()}:${port}/hook`, `https://[::ffff:7f00:1]:${port}/hook`, `http://localhost:${port}/hook`];
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      for (const url of targets) await sql`insert into webhooks (user_id, url, secret) values (${viewer.id}, ${url}, 'whsec_test')`;
    } finally {
      await sql.end();
    }
    const event = await createLiveEvent(server.url, trader, 'Hook', 'Target');
    const market = event.markets[0];
    await gql(server.url, `mutation($s: ID!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "1.00", idempotencyKey: "hook" }) { __typename } }`, { s: market.selections[0].id }, token);
    await eventually(async () => (await gql(server.url, `{ viewer { bets { edges { node { status } } } } }`, {}, token)).data.viewer.bets.edges[0]?.node.status === 'OPEN');
    await gql(server.url, `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id } }`, {
      m: market.id,
      r: market.selections.map((s, i) => ({ selectionId: s.id, result: i === 0 ? 'WON' : 'LOST' })),
    }, trader);
    let hooks: Array<{ url: string; deliveries: Array<{ status: string; attempts: number; lastError: string | null }> }> = [];
    await eventually(
      async () => {
        hooks = (await gql(server.url, `{ viewer { webhooks { url deliveries { status attempts lastError } } } }`, {}, token)).data.viewer.webhooks;
        return hooks.length === 3 && hooks.every((h) => h.deliveries[0]?.attempts >= 1);
      },
      15_000,
      'an attempt at every webhook',
    );
    assert.equal(connections.length, 0, 'the server never connected to loopback');
    for (const hook of hooks) {
      assert.equal(hook.deliveries[0].status, 'PENDING', hook.url);
      assert.match(hook.deliveries[0].lastError ?? '', /loopback|resolves to a (loopback|private)|https/, hook.url);
    }
  });
});
