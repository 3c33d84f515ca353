import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { updateEventState } from '../lib/markets/update-event-state';
import type { RunningServer } from './start-server';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { eventually } from '../e2e/support/processes';
import { collect, createLiveEvent, gql, signUpBettor, startTestServer, traderToken, wsClient } from '../e2e/support/server';

// Two real instances on one Postgres database and one Redis, sharing a channel prefix, as two
// production servers behind a load balancer would.
let database: TestDatabase;
let first: RunningServer;
let second: RunningServer;
let trader: string;
const clients: Array<{ dispose(): void | Promise<void> }> = [];

before(async () => {
  database = await createTestDatabase();
  const prefix = `sbtest:${Date.now().toString(36)}:`;
  [first, second] = await Promise.all([
    startTestServer({ databaseUrl: database.url, env: { REDIS_PREFIX: prefix } }),
    startTestServer({ databaseUrl: database.url, env: { REDIS_PREFIX: prefix } }),
  ]);
  trader = await traderToken(first.url);
});

after(async () => {
  for (const client of clients) await client.dispose();
  await Promise.all([first?.close(), second?.close()]);
  await database?.drop();
});

function client(baseUrl: string, token?: string) {
  const c = wsClient(baseUrl, { token });
  clients.push(c);
  return c;
}

const ODDS = `subscription($id: ID!) { oddsChanged(eventId: $id) { event { id name } markets { id status selections { id odds previousOdds } } } }`;
const EVENT = `subscription($id: ID!) { eventUpdated(eventId: $id) { id status score { home away } clock } }`;

/** Closes every client opened so far and waits until the server has let go of their sockets. */
async function closeEarlierClients(server: RunningServer) {
  for (const c of clients.splice(0)) await c.dispose();
  const deadline = Date.now() + 5000;
  while (((await server.runtime.metrics.wsConnections.get()).values[0]?.value ?? 0) > 0) {
    if (Date.now() > deadline) throw new Error('earlier sockets still open after 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Subscriptions are registered asynchronously; wait until the room shows the subscriber. */
async function waitForParticipants(baseUrl: string, eventId: string, count: number) {
  const deadline = Date.now() + 5000;
  for (;;) {
    const result = await gql(baseUrl, `query($id: ID!) { event(id: $id) { participants } }`, { id: eventId });
    if (result.data.event.participants === count) return;
    if (Date.now() > deadline) throw new Error(`participants stayed ${result.data.event.participants}, wanted ${count}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('subscriptions over graphql-ws', () => {
  it('delivers an odds change made through the trader API, with the previous odds', async () => {
    const event = await createLiveEvent(first.url, trader);
    const selection = event.markets[0].selections[0];
    const sub = collect(client(first.url), ODDS, { id: event.id });
    await waitForParticipants(first.url, event.id, 1);
    await gql(first.url, `mutation($id: ID!) { setOdds(selectionId: $id, odds: "2.40") { id } }`, { id: selection.id }, trader);
    await sub.until((m) => m.length >= 1);
    const update = sub.messages[0].data.oddsChanged;
    assert.equal(update.event.id, event.id);
    assert.equal(update.markets.length, 1, 'only the changed market is sent');
    assert.deepEqual(update.markets[0].selections[0], { id: selection.id, odds: '2.40', previousOdds: '2.10' });
  });

  it('delivers market suspension as a status change', async () => {
    const event = await createLiveEvent(first.url, trader);
    const sub = collect(client(first.url), ODDS, { id: event.id });
    await waitForParticipants(first.url, event.id, 1);
    await gql(first.url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: SUSPENDED) { id } }`, { id: event.markets[1].id }, trader);
    await sub.until((m) => m.length >= 1);
    assert.equal(sub.messages[0].data.oddsChanged.markets[0].status, 'SUSPENDED');
  });

  it('delivers score, clock and status changes on eventUpdated', async () => {
    const event = await createLiveEvent(first.url, trader);
    const sub = collect(client(first.url), EVENT, { id: event.id });
    await waitForParticipants(first.url, event.id, 1);
    await updateEventState(first.runtime, event.id, { scoreHome: 1, clock: "23'" });
    await sub.until((m) => m.length >= 1);
    assert.deepEqual(sub.messages[0].data.eventUpdated, { id: event.id, status: 'LIVE', score: { home: 1, away: 0 }, clock: "23'" });
  });

  it('ends a subscription to an unknown event with a NOT_FOUND error', async () => {
    for (const id of ['00000000-0000-0000-0000-000000000000', 'not-an-id']) {
      const sub = collect(client(first.url), ODDS, { id });
      await sub.ended();
      // graphql-ws reports a failed subscribe as a result with errors, then completes.
      const errors = (sub.messages[0]?.errors ?? sub.error ?? []) as Array<{ extensions?: { code?: string } }>;
      assert.equal(errors[0]?.extensions?.code, 'NOT_FOUND', JSON.stringify(sub.error));
    }
  });

  it('executes an odds change once per distinct operation, whoever and however many listen', async () => {
    // The count of executions is server-wide: the earlier tests' subscriptions, still open, would
    // count whatever their events publish meanwhile (it made this test flaky under load).
    await closeEarlierClients(first);
    const event = await createLiveEvent(first.url, trader);
    const selection = event.markets[0].selections[1];
    const bettor = await signUpBettor(first.url);
    const SMALL = `subscription($id: ID!) { oddsChanged(eventId: $id) { markets { selections { odds } } } }`;
    const subs = [
      collect(client(first.url), ODDS, { id: event.id }),
      collect(client(first.url), ODDS, { id: event.id }),
      collect(client(first.url, bettor.token), ODDS, { id: event.id }),
      collect(client(first.url), SMALL, { id: event.id }),
    ];
    await waitForParticipants(first.url, event.id, 4);
    const before = (await first.runtime.metrics.sharedExecutions.get()).values[0]?.value ?? 0;
    await gql(first.url, `mutation($id: ID!) { setOdds(selectionId: $id, odds: "3.35") { id } }`, { id: selection.id }, trader);
    for (const sub of subs) await sub.until((m) => m.length >= 1);
    const after = (await first.runtime.metrics.sharedExecutions.get()).values[0]?.value ?? 0;
    assert.equal(after - before, 2, 'one execution for the three identical subscriptions, one for the smaller selection');
    for (const sub of subs.slice(0, 3)) assert.deepEqual(sub.messages[0].data.oddsChanged.markets[0].selections[1], { id: selection.id, odds: '3.35', previousOdds: '3.20' });
    assert.deepEqual(subs[3].messages[0], { data: { oddsChanged: { markets: [{ selections: [{ odds: '2.10' }, { odds: '3.35' }, { odds: '3.60' }] }] } } });
  });

  it('delivers a burst of odds changes to every subscriber once each, in the order they were made', async () => {
    const event = await createLiveEvent(first.url, trader);
    const selection = event.markets[0].selections[0];
    const subs = [collect(client(first.url), ODDS, { id: event.id }), collect(client(first.url), ODDS, { id: event.id }), collect(client(second.url), ODDS, { id: event.id })];
    await waitForParticipants(first.url, event.id, 3);
    const changes = Array.from({ length: 12 }, (_, i) => (2.5 + i / 100).toFixed(2));
    // Back to back: a change is published before every subscriber has necessarily received the one before.
    for (const odds of changes) await gql(first.url, `mutation($id: ID!, $o: Odds!) { setOdds(selectionId: $id, odds: $o) { id } }`, { id: selection.id, o: odds }, trader);
    for (const sub of subs) {
      await sub.until((m) => m.length >= changes.length);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(
        sub.messages.map((m) => m.data.oddsChanged.markets[0].selections[0].odds),
        changes,
      );
    }
  });

  it('keeps each subscriber on its own subscription id when results are shared', async () => {
    const event = await createLiveEvent(first.url, trader);
    const c = client(first.url);
    const a = collect(c, ODDS, { id: event.id });
    const b = collect(c, EVENT, { id: event.id });
    const sameAgain = collect(c, ODDS, { id: event.id });
    await waitForParticipants(first.url, event.id, 1);
    // Joining the room is an event update of its own (the participant count, announced once after a
    // debounce); wait for it, so that only what the odds changes bring is counted below.
    await b.until((m) => m.length >= 1);
    const eventUpdatesBefore = b.messages.length;
    // The three subscribe concurrently; change the odds until both odds subscriptions hear one.
    let odds = 2.2;
    await eventually(async () => {
      odds += 0.01;
      await gql(first.url, `mutation($id: ID!, $o: Odds!) { setOdds(selectionId: $id, odds: $o) { id } }`, { id: event.markets[0].selections[0].id, o: odds.toFixed(2) }, trader);
      await new Promise((r) => setTimeout(r, 100));
      return a.messages.length > 0 && sameAgain.messages.length > 0;
    });
    for (const sub of [a, sameAgain]) assert.equal(sub.messages.at(-1)!.data.oddsChanged.markets[0].selections[0].odds, odds.toFixed(2));
    assert.equal(b.messages.length, eventUpdatesBefore, `an odds change is not an event update: ${JSON.stringify(b.messages)}`);
  });

  it('refuses viewer-only subscriptions without a token as UNAUTHENTICATED', async () => {
    const sub = collect(client(first.url), `subscription { betUpdated { cursor } }`);
    await sub.ended();
    const errors = (sub.messages[0]?.errors ?? (sub.error as unknown[])) as Array<{ extensions?: { code?: string } }>;
    assert.equal(errors?.[0]?.extensions?.code, 'UNAUTHENTICATED', JSON.stringify({ m: sub.messages, e: sub.error }));
  });

  it('refuses a WebSocket upgrade from another site', async () => {
    const socket = new WebSocket(`${first.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers: { origin: 'https://evil.example' } });
    const status = await new Promise<number>((resolve) => {
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve(101));
      socket.on('error', () => resolve(-1));
    });
    assert.equal(status, 403);
  });
});

describe('two instances sharing Redis', () => {
  it('delivers a change made through one instance to a subscriber on the other', async () => {
    const event = await createLiveEvent(first.url, trader);
    const selection = event.markets[0].selections[2];
    const onSecond = collect(client(second.url), ODDS, { id: event.id });
    const onFirst = collect(client(first.url), ODDS, { id: event.id });
    await waitForParticipants(first.url, event.id, 2);
    await gql(first.url, `mutation($id: ID!) { setOdds(selectionId: $id, odds: "4.50") { id } }`, { id: selection.id }, trader);
    await onSecond.until((m) => m.length >= 1);
    await onFirst.until((m) => m.length >= 1);
    assert.equal(onSecond.messages[0].data.oddsChanged.markets[0].selections[2].odds, '4.50');
  });

  it('counts the people in an event room across instances, and drops them when they leave', async () => {
    const event = await createLiveEvent(first.url, trader);
    const a = client(first.url);
    const b = client(second.url);
    const subA = collect(a, ODDS, { id: event.id });
    // One connection holding two subscriptions to the room is one person.
    collect(a, EVENT, { id: event.id });
    collect(b, EVENT, { id: event.id });
    await waitForParticipants(second.url, event.id, 2);
    await waitForParticipants(first.url, event.id, 2);
    await a.dispose();
    await waitForParticipants(second.url, event.id, 1);
    assert.equal(subA.messages.length, 0);
  });
});
