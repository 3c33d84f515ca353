import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { assertLedgerInvariants } from './support/ledger';
import { eventually, freePort, RedisProcess, ServerProcess } from './support/processes';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from './support/services';
import { collect, gql, traderToken, wsClient, signUpBettor } from './support/server';

// Faults a bettor's updates must survive, with real Postgres, Redis and server processes that the
// tests start, kill and restart.

const secrets = { AUTH_SECRET: randomBytes(32).toString('hex'), TRADER_PASSWORD: 'trader-password' };
let keys = 0;

const bettor = async (url: string) => (await signUpBettor(url, { deposit: '1000.00', prefix: 'fault' })).token;

async function upcomingEvent(url: string, trader: string) {
  const created = await gql(
    url,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id markets { id selections { id } } } }`,
    {
      input: {
        sport: 'Football',
        home: `Fh${++keys}`,
        away: `Fa${keys}`,
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        markets: [{ name: 'Match result', selections: [{ name: 'Home', odds: '2.00' }, { name: 'Draw', odds: '3.00' }, { name: 'Away', odds: '4.00' }] }],
      },
    },
    trader,
  );
  return created.data.createEvent as { id: string; markets: Array<{ id: string; selections: Array<{ id: string }> }> };
}

const ODDS = ['2.00', '3.00', '4.00'];
/** Places a 1.00 single on the event's selection `index` (home, draw, away) and checks it was placed. */
async function placeBet(url: string, token: string, event: { markets: Array<{ selections: Array<{ id: string }> }> }, index: number) {
  const result = await gql(url, `mutation($s: ID!, $o: Odds!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: $o }], stake: "1.00", idempotencyKey: $k }) { __typename ... on UserError { code } } }`, { s: event.markets[0].selections[index].id, o: ODDS[index], k: `p${++keys}` }, token);
  return result;
}
const settleHomeWins = (url: string, trader: string, market: { id: string; selections: Array<{ id: string }> }) =>
  gql(url, `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id } }`, { m: market.id, r: market.selections.map((s, i) => ({ selectionId: s.id, result: i === 0 ? 'WON' : 'LOST' })) }, trader);

/** Every outbox cursor of the user, in order: what a subscriber must have received. */
async function cursorsOf(databaseUrl: string, token: string): Promise<string[]> {
  const userId = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return (await sql`select id::text as cursor from outbox where user_id = ${userId} order by outbox.id`).map((r) => r.cursor as string);
  } finally {
    await sql.end();
  }
}

describe('Redis restarted while a user is subscribed', () => {
  let database: TestDatabase;
  let redis: RedisProcess;
  let server: ServerProcess;
  before(async () => {
    database = await createTestDatabase();
    redis = new RedisProcess(await freePort());
    await redis.start();
    server = new ServerProcess(await freePort(), { ...secrets, DATABASE_URL: database.url, REDIS_URL: redis.url, REDIS_PREFIX: 'fault:' });
    await server.start();
  });
  after(async () => {
    server?.kill();
    redis?.kill();
    await database?.drop();
  });

  it('delivers every update placed and settled around the restart, in order', async () => {
    const trader = await traderToken(server.url);
    const token = await bettor(server.url);
    const client = wsClient(server.url, { token, retryAttempts: 20 });
    const updates = collect(client, `subscription { betUpdated { cursor kind } }`);
    await new Promise((r) => setTimeout(r, 300));
    const events = [await upcomingEvent(server.url, trader), await upcomingEvent(server.url, trader), await upcomingEvent(server.url, trader)];
    for (const e of events) await placeBet(server.url, token, e, 0);
    redis.kill();
    // Changes made while Redis is down are committed with their outbox rows and wait.
    const during = [await placeBet(server.url, token, events[0], 1), await settleHomeWins(server.url, trader, events[0].markets[0])];
    await redis.start();
    const afterwards = [await settleHomeWins(server.url, trader, events[1].markets[0]), await placeBet(server.url, token, events[2], 2)];
    for (const result of [...during, ...afterwards]) {
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      if (result.data.placeBet) assert.equal(result.data.placeBet.__typename, 'BetPlaced', JSON.stringify(result.data));
    }
    const expected = await cursorsOf(database.url, token);
    assert.ok(expected.length >= 8, `expected at least 8 updates, got ${expected.length}`);
    await updates.until((m) => m.length >= expected.length, 20_000);
    assert.deepEqual(updates.messages.map((m) => m.data.betUpdated.cursor), expected);
    await client.dispose();
    await assertLedgerInvariants(database.url);
  });
});

describe('a subscriber that disconnects and resumes with its cursor', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  before(async () => {
    database = await createTestDatabase();
    server = new ServerProcess(await freePort(), { ...secrets, DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `resume${Date.now()}:` });
    await server.start();
  });
  after(async () => {
    server?.kill();
    await database?.drop();
  });

  for (const [label, gapMs] of [['5 seconds', 5_000], ['3 minutes', 180_000]] as const) {
    it(`receives exactly the updates it missed in ${label}, in order, then live ones`, async () => {
      const trader = await traderToken(server.url);
      const token = await bettor(server.url);
      const event = await upcomingEvent(server.url, trader);
      const first = collect(wsClient(server.url, { token }), `subscription { betUpdated { cursor } }`);
      await new Promise((r) => setTimeout(r, 300));
      await placeBet(server.url, token, event, 0);
      await first.until((m) => m.length >= 1);
      const lastSeen = first.messages.at(-1)!.data.betUpdated.cursor;
      first.dispose();
      // While away: bets placed and a market settled, spread over the gap.
      const steps = 4;
      for (let i = 0; i < steps; i++) {
        await placeBet(server.url, token, event, i % 3);
        await new Promise((r) => setTimeout(r, gapMs / steps));
      }
      await settleHomeWins(server.url, trader, event.markets[0]);
      const missed = (await cursorsOf(database.url, token)).filter((c) => BigInt(c) > BigInt(lastSeen));
      const resumed = collect(wsClient(server.url, { token }), `subscription($after: String) { betUpdated(after: $after) { cursor } }`, { after: lastSeen });
      await resumed.until((m) => m.length >= missed.length);
      assert.deepEqual(resumed.messages.map((m) => m.data.betUpdated.cursor), missed);
      const other = await upcomingEvent(server.url, trader);
      await placeBet(server.url, token, other, 0);
      await resumed.until((m) => m.length >= missed.length + 1);
      const all = resumed.messages.map((m) => m.data.betUpdated.cursor);
      assert.equal(new Set(all).size, all.length, 'no duplicates');
      resumed.dispose();
    });
  }
});

describe('a server killed in the middle of placing and settling', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    server?.kill();
    await database?.drop();
  });

  it('leaves no bet half-written, delivers every committed change after restart, and keeps the ledger balanced', async () => {
    const env = { ...secrets, DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `kill${Date.now()}:`, BET_RATE_PER_MINUTE: '100000' };
    server = new ServerProcess(await freePort(), env);
    await server.start();
    const trader = await traderToken(server.url);
    const users = await Promise.all(Array.from({ length: 6 }, () => bettor(server.url)));
    const events = await Promise.all(Array.from({ length: 8 }, () => upcomingEvent(server.url, trader)));

    // Load: every user places bets in a loop while the trader settles markets one by one.
    let stop = false;
    const load = [
      ...users.map(async (token, u) => {
        for (let i = 0; !stop; i++) await placeBet(server.url, token, events[(u + i) % events.length], i % 3).catch(() => {});
      }),
      (async () => {
        for (const e of events) {
          if (stop) break;
          await new Promise((r) => setTimeout(r, 150));
          await settleHomeWins(server.url, trader, e.markets[0]).catch(() => {});
        }
      })(),
    ];
    await new Promise((r) => setTimeout(r, 1000));
    server.kill('SIGKILL');
    stop = true;
    await Promise.all(load);

    server = new ServerProcess(await freePort(), env);
    await server.start();
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const [{ bets }] = await sql`select count(*)::int as bets from bets`;
      assert.ok(bets > 10, `the load placed bets before the kill (${bets})`);
      const legless = await sql`select b.id from bets b where not exists (select 1 from bet_legs l where l.bet_id = b.id)`;
      assert.equal(legless.length, 0, 'every bet has its legs');
      const unheld = await sql`select b.id from bets b where (select count(*) from ledger_transactions t where t.reference = b.id::text and t.kind = 'BET_HOLD') <> 1`;
      assert.equal(unheld.length, 0, 'every bet has exactly one stake hold');
      const unpaid = await sql`select b.id from bets b where b.status in ('WON', 'LOST', 'VOID') and (select count(*) from ledger_transactions t where t.reference = b.id::text and t.kind = 'BET_SETTLE') <> 1`;
      assert.equal(unpaid.length, 0, 'every settled bet has exactly one settlement');
      const silent = await sql`select b.id from bets b where not exists (select 1 from bet_events e where e.bet_id = b.id and e.kind = 'PLACED')`;
      assert.equal(silent.length, 0, 'every bet has its PLACED update');
      await eventually(async () => (await sql`select count(*)::int as n from outbox where published_at is null`)[0].n === 0, 10_000, 'the restarted relay publishing every committed update');
    } finally {
      await sql.end();
    }
    await assertLedgerInvariants(database.url);
    for (const token of users) {
      const expected = await cursorsOf(database.url, token);
      const replay = collect(wsClient(server.url, { token }), `subscription { betUpdated(after: "0") { cursor } }`);
      await replay.until((m) => m.length >= expected.length);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(replay.messages.map((m) => m.data.betUpdated.cursor), expected, JSON.stringify({ expected, got: replay.messages.map((m) => m.data.betUpdated.cursor) }));
      replay.dispose();
    }
  });
});
