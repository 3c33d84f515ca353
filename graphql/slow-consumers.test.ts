import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { eventually } from '../e2e/support/processes';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderToken } from '../e2e/support/server';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../e2e/support/services';

// A client that stops reading (issue 15, class 9): the server must cut it off once its unsent
// bytes pass WS_SEND_BUFFER_BYTES, and release everything its subscriptions held (graphql-ws's
// iterations, pub/sub listeners, Redis channel subscriptions, room presence, the credential watch)
// at once, not when TCP or a keepalive finally gives up on it.

const BOUND_BYTES = 64 * 1024;
// Shared (one execution for every subscriber) and per-subscriber (an inline fragment at the root
// makes it run for this socket alone): both paths must let go.
const SHARED = `subscription($id: ID!) { oddsChanged(eventId: $id) { markets { id status selections { id name odds previousOdds } } } }`;
const UNSHARED = `subscription($id: ID!) { ... on Subscription { oddsChanged(eventId: $id) { markets { id status selections { id name odds previousOdds } } } } }`;
const BETS = `subscription { betUpdated { kind cursor } }`;

describe('a socket that stops reading', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let redis: Redis;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer({ databaseUrl: database.url, env: { WS_SEND_BUFFER_BYTES: String(BOUND_BYTES) } });
    redis = new Redis(TEST_REDIS_URL);
  });

  after(async () => {
    redis?.disconnect();
    await server?.close();
    await database?.drop();
  });

  const gauge = async (name: 'wsConnections' | 'subscriptions') => {
    const { values } = await server.runtime.metrics[name].get();
    return values.reduce((sum, v) => sum + v.value, 0);
  };
  const slowClosed = async () => (await server.runtime.metrics.wsClosedSlow.get()).values.reduce((sum, v) => sum + v.value, 0);
  const redisListeners = async (channel: string) => {
    const [, count] = (await redis.pubsub('NUMSUB', `${server.runtime.env.REDIS_PREFIX}${channel}`)) as [string, number];
    return Number(count);
  };

  it('is cut off once its backlog passes the bound, and its subscriptions, listeners and room place are released', async () => {
    const trader = await traderToken(server.url);
    // A market of 50 selections: each change is a `next` of about 4 KB on every odds subscription.
    const event = await createLiveEvent(server.url, trader, 'Northbridge', 'Eastvale', [
      { name: 'Correct score', selections: Array.from({ length: 50 }, (_, i) => ({ name: `Score ${i}`, odds: `${10 + i}.00` })) },
    ]);
    const bettor = await signUpBettor(server.url);
    const viewer = (await gql(server.url, `{ viewer { id } }`, {}, bettor.token)).data.viewer as { id: string };
    const selection = event.markets[0].selections[0].id;

    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { perMessageDeflate: false });
    let closeCode: number | null = null;
    socket.on('close', (code) => (closeCode = code));
    socket.on('error', () => {});
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const acked = new Promise<void>((resolve) => socket.once('message', () => resolve()));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${bettor.token}` } }));
    await acked;
    let id = 0;
    const subscribe = (query: string, variables: Record<string, unknown> = {}) => socket.send(JSON.stringify({ id: String(++id), type: 'subscribe', payload: { query, variables } }));
    for (let i = 0; i < 20; i++) subscribe(SHARED, { id: event.id });
    for (let i = 0; i < 29; i++) subscribe(UNSHARED, { id: event.id });
    subscribe(BETS);
    await eventually(async () => (await gauge('subscriptions')) === 50, 15_000, '50 subscriptions counted');
    await eventually(async () => (await redisListeners(`odds:${event.id}`)) === 1 && (await redisListeners(`bets:${viewer.id}`)) === 1, 15_000, 'the topics subscribed in Redis');
    assert.equal(await gauge('wsConnections'), 1);
    assert.equal(await server.runtime.presence.count(event.id), 1);

    // The client stops reading: what the server sends piles up in the kernel's buffers, then in its own.
    socket.pause();
    let odds = 200;
    while ((await slowClosed()) === 0) {
      assert.ok(odds < 5000, 'the server never cut the socket off');
      // Dropped by the keepalive first (it had not filled its backlog within 12 to 24 s): not what this tests.
      assert.equal(await gauge('wsConnections'), 1, 'the socket went before its backlog reached the bound');
      // Ten changes at a time, each a `next` on all 49 odds subscriptions.
      await Promise.all(
        Array.from({ length: 10 }, () => {
          odds += 1;
          const text = `${Math.floor(odds / 100)}.${String(odds % 100).padStart(2, '0')}`;
          return gql(server.url, `mutation($id: ID!, $o: Odds!) { setOdds(selectionId: $id, odds: $o) { id } }`, { id: selection, o: text }, trader);
        }),
      );
    }

    // Cut off: everything it held is released although the client still reads nothing (the
    // keepalive, the other way out, needs 12 to 24 s).
    await eventually(async () => (await gauge('wsConnections')) === 0, 10_000, 'the socket closed on the server');
    await eventually(async () => (await gauge('subscriptions')) === 0, 10_000, 'its subscriptions released');
    await eventually(async () => (await redisListeners(`odds:${event.id}`)) === 0, 10_000, 'the odds topic unsubscribed in Redis');
    await eventually(async () => (await redisListeners(`bets:${viewer.id}`)) === 0, 10_000, 'the bets topic unsubscribed in Redis');
    await eventually(async () => (await server.runtime.presence.count(event.id)) === 0, 10_000, 'its place in the room given up');
    // Counted once, however many sends were refused after the bound was passed.
    assert.equal(await slowClosed(), 1);

    socket.resume();
    await eventually(() => closeCode !== null, 10_000, 'the client to see its socket closed');
    assert.ok(closeCode === 1013 || closeCode === 1006, `closed with ${closeCode}`);

    // The server goes on serving others.
    const healthy = await gql(server.url, `query($id: ID!) { event(id: $id) { participants } }`, { id: event.id });
    assert.equal(healthy.data.event.participants, 0);
  });
});
