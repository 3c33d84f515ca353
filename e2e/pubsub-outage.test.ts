import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { eventually, freePort, RedisProcess, ServerProcess } from './support/processes';
import { createTestDatabase, type TestDatabase } from './support/services';
import { collect, gql, signUpBettor, traderToken, wsClient } from './support/server';

// Subscriptions opened, and auto-cashout rules set, while Redis is down: once Redis returns they
// must work as if they had been made while it was up (issue 14: they were stranded). A real server
// process on real Postgres and a private Redis that the test kills and restarts.

const PREFIX = 'outage:';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let keys = 0;

describe('Subscriptions and auto-cashout rules made while Redis is down', () => {
  let database: TestDatabase;
  let redis: RedisProcess;
  let server: ServerProcess;
  let trader: string;
  const disposers: Array<() => unknown> = [];

  before(async () => {
    database = await createTestDatabase();
    redis = new RedisProcess(await freePort());
    await redis.start();
    server = new ServerProcess(await freePort(), {
      AUTH_SECRET: randomBytes(32).toString('hex'),
      TRADER_PASSWORD: 'trader-password',
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: PREFIX,
    });
    await server.start();
    trader = await traderToken(server.url);
  });
  after(async () => {
    for (const dispose of disposers) await dispose();
    server?.kill();
    redis?.kill();
    await database?.drop();
  });

  /** How many Redis connections subscribe to the channel (PUBSUB NUMSUB), asked on a connection of the test's own. */
  const subscribers = async (channel: string) => {
    const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    try {
      const [, count] = (await admin.pubsub('NUMSUB', PREFIX + channel)) as [string, number];
      return Number(count);
    } finally {
      admin.disconnect();
    }
  };

  const upcomingEvent = async () => {
    const created = await gql(
      server.url,
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { id markets { selections { id } } } }`,
      {
        input: {
          sport: 'Football',
          home: `Oh${++keys}`,
          away: `Oa${keys}`,
          startsAt: new Date(Date.now() + 3_600_000).toISOString(),
          markets: [{ name: 'Match result', selections: [{ name: 'Home', odds: '2.00' }, { name: 'Draw', odds: '3.00' }, { name: 'Away', odds: '4.00' }] }],
        },
      },
      trader,
    );
    assert.ok(created.data?.createEvent, JSON.stringify(created));
    return { id: created.data.createEvent.id as string, home: created.data.createEvent.markets[0].selections[0].id as string };
  };

  const placeHome = async (token: string, selectionId: string, stake = '1.00') => {
    const placed = await gql(
      server.url,
      `mutation($s: ID!, $st: Money!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.00" }], stake: $st, idempotencyKey: $k }) { __typename ... on BetPlaced { bet { id } } ... on UserError { code } } }`,
      { s: selectionId, st: stake, k: `o${++keys}` },
      token,
    );
    assert.equal(placed.data?.placeBet?.__typename, 'BetPlaced', JSON.stringify(placed));
    return placed.data.placeBet.bet.id as string;
  };

  const userIdOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub as string;

  /** Kills Redis and waits longer than ioredis's retries per request, after which a SUBSCRIBE used to fail. */
  const redisDown = async () => {
    redis.kill();
    await sleep(2_000);
  };

  it('delivers live bet updates, after Redis returns, to a subscription opened while it was down, and to a later one on the same instance', async () => {
    const { token } = await signUpBettor(server.url, { deposit: '100.00', prefix: 'outage' });
    const event = await upcomingEvent();
    await redisDown();
    const client = wsClient(server.url, { token });
    disposers.push(() => client.dispose());
    const opened = collect(client, `subscription { betUpdated { cursor kind bet { id } } }`);
    await sleep(2_000);
    await redis.start();
    // Past the reconnection and its catch-up read: from here on, updates can only arrive live.
    await eventually(async () => (await subscribers(`bets:${userIdOf(token)}`)) === 1, 15_000, 'the bets channel subscribed again');
    await sleep(1_000);
    const first = await placeHome(token, event.home);
    await opened.until((m) => m.some((u) => u.data?.betUpdated.bet.id === first), 10_000);

    const later = collect(client, `subscription { betUpdated { cursor kind bet { id } } }`);
    await sleep(500);
    const second = await placeHome(token, event.home);
    await later.until((m) => m.some((u) => u.data?.betUpdated.bet.id === second), 10_000);
    await opened.until((m) => m.some((u) => u.data?.betUpdated.bet.id === second), 10_000);
    assert.equal(await subscribers(`bets:${userIdOf(token)}`), 1, 'one Redis subscription for both');
    const cursors = opened.messages.map((m) => m.data!.betUpdated.cursor);
    assert.equal(new Set(cursors).size, cursors.length, 'no duplicates');
  });

  it('fires an auto-cashout rule set while Redis was down as soon as odds moved past its target after Redis returned', async () => {
    const { token } = await signUpBettor(server.url, { deposit: '100.00', prefix: 'outage' });
    const event = await upcomingEvent();
    const betId = await placeHome(token, event.home, '10.00');
    await redisDown();
    const set = await gql(server.url, `mutation($b: ID!) { setAutoCashout(betId: $b, target: "12.00") { __typename ... on AutoCashoutSet { bet { autoCashoutTarget } } } }`, { b: betId }, token);
    assert.equal(set.data?.setAutoCashout?.bet?.autoCashoutTarget, '12.00', JSON.stringify(set));
    await sleep(2_000); // the auto-cashout worker loads the rule (every second) and subscribes to the event's odds
    await redis.start();
    await eventually(async () => (await subscribers(`odds:${event.id}`)) === 1, 15_000, "the event's odds channel subscribed");
    await sleep(1_000);
    const status = async () => (await gql(server.url, `query($id: ID!) { bet(id: $id) { status payout } }`, { id: betId }, token)).data.bet;
    assert.equal((await status()).status, 'OPEN', 'the target is not reached yet');
    const moved = await gql(server.url, `mutation($s: ID!) { setOdds(selectionId: $s, odds: "1.50") { id } }`, { s: event.home }, trader);
    assert.equal(moved.errors, undefined, JSON.stringify(moved.errors));
    // 10.00 x 2.00 / 1.50 x 0.95 = 12.66: fired by the odds message, well before any lease moves.
    await eventually(async () => (await status()).status === 'CASHED_OUT', 5_000, 'the rule fired');
    assert.deepEqual(await status(), { status: 'CASHED_OUT', payout: '12.66' });
  });
  it('brings open odds and cashout subscriptions up to date once Redis returns with the odds moved while it was down', async () => {
    const { token } = await signUpBettor(server.url, { deposit: '100.00', prefix: 'outage' });
    const event = await upcomingEvent();
    const betId = await placeHome(token, event.home, '10.00');
    const client = wsClient(server.url, { token });
    disposers.push(() => client.dispose());
    const odds = collect(client, `subscription($e: ID!) { oddsChanged(eventId: $e) { markets { selections { id odds } } } }`, { e: event.id });
    const offers = collect(client, `subscription($b: ID!) { cashoutOffered(betId: $b) { amount } }`, { b: betId });
    // 10.00 x 2.00 / 2.00 x 0.95: the first offer, at the odds of the bet.
    await offers.until((m) => m.some((o) => o.data?.cashoutOffered.amount === '9.50'), 10_000);
    await eventually(async () => (await subscribers(`odds:${event.id}`)) === 1, 10_000, "the event's odds channel subscribed");

    await redisDown();
    const moved = await gql(server.url, `mutation($s: ID!) { setOdds(selectionId: $s, odds: "1.50") { id } }`, { s: event.home }, trader);
    assert.equal(moved.errors, undefined, JSON.stringify(moved.errors));
    await sleep(500);
    assert.equal(odds.messages.length, 0, 'nothing can arrive while Redis is down');
    await redis.start();

    // Nothing moves after Redis returns: only a fresh publication of what changed can bring these.
    const homeOdds = (m: (typeof odds.messages)[number]) => m.data?.oddsChanged.markets.flatMap((market: { selections: Array<{ id: string; odds: string }> }) => market.selections).find((sel: { id: string }) => sel.id === event.home)?.odds;
    await odds.until((m) => m.some((u) => homeOdds(u) === '1.50'), 15_000);
    // 10.00 x 2.00 / 1.50 x 0.95 = 12.66
    await offers.until((m) => m.some((o) => o.data?.cashoutOffered.amount === '12.66'), 15_000);
    assert.equal(odds.error, null);
    assert.equal(offers.error, null);
  });
});
