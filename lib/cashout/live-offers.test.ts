import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import type { RunningServer } from '../../graphql/start-server';
import { createTestDatabase, type TestDatabase } from '../../e2e/support/services';
import { collect, gql, signUpBettor, startTestServer, traderSetMarketStatus, traderSetOdds, traderToken, wsClient } from '../../e2e/support/server';

// Live offers on one real server (Postgres, Redis): the bets a move touches are valued together,
// and each owner still sees exactly what valuing them one by one showed.

let database: TestDatabase;
let server: RunningServer;
let trader: string;
const disposers: Array<() => unknown> = [];
const THROTTLE_MS = 1000;

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ databaseUrl: database.url, env: { CASHOUT_OFFER_THROTTLE_MS: String(THROTTLE_MS) } });
  trader = await traderToken(server.url);
});

after(async () => {
  for (const dispose of disposers) await dispose();
  await server?.close();
  await database?.drop();
});

let n = 0;

/** A pre-match event with a match result (2.10 / 3.20 / 3.60) and an over/under (1.90 / 1.90) market. */
async function preMatchEvent() {
  const created = await gql(
    server.url,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id markets { id selections { id } } } }`,
    {
      input: {
        sport: 'Football',
        home: `LiveH${++n}`,
        away: `LiveA${n}`,
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        markets: [
          { name: 'Match result', selections: [{ name: 'H', odds: '2.10' }, { name: 'X', odds: '3.20' }, { name: 'A', odds: '3.60' }] },
          { name: 'Total goals over/under 2.5', selections: [{ name: 'Over 2.5', odds: '1.90' }, { name: 'Under 2.5', odds: '1.90' }] },
        ],
      },
    },
    trader,
  );
  const event = created.data.createEvent as { id: string; markets: Array<{ id: string; selections: Array<{ id: string }> }> };
  return { id: event.id, result: event.markets[0], goals: event.markets[1] };
}

/** Places an open single of 10.00 and returns its id. */
async function single(token: string, selectionId: string, odds: string): Promise<string> {
  const placed = await gql(
    server.url,
    `mutation($s: ID!, $o: Odds!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: $o }], stake: "10.00", idempotencyKey: $k }) { ... on BetPlaced { bet { id status } } ... on Rejection { code message } } }`,
    { s: selectionId, o: odds, k: `k${++n}` },
    token,
  );
  assert.equal(placed.data.placeBet.bet?.status, 'OPEN', JSON.stringify(placed));
  return placed.data.placeBet.bet.id;
}

type Offer = { id: string; amount: string; bet: { id: string } };

function liveOffers(token: string, fields = 'id amount bet { id }') {
  const client = wsClient(server.url, { token });
  disposers.push(() => client.dispose());
  return collect<{ cashoutOffered: Offer }>(client, `subscription { cashoutOffered { ${fields} } }`);
}

const offersOf = (messages: Array<{ data?: { cashoutOffered: Offer } }>) => messages.map((m) => m.data!.cashoutOffered);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until nothing has been pushed for `quietMs` (the bet's own PLACED update may still re-value it). */
async function quiet(messages: { length: number }, quietMs: number) {
  for (;;) {
    const seen = messages.length;
    await pause(quietMs);
    if (messages.length === seen) return;
  }
}

describe('live cashout offers', () => {
  it('a move pushes each connected owner a fresh offer for every bet of theirs on the event, and none for bets elsewhere', async () => {
    const event = await preMatchEvent();
    const elsewhere = await preMatchEvent();
    const alice = (await signUpBettor(server.url, { prefix: 'live' })).token;
    const bob = (await signUpBettor(server.url, { prefix: 'live' })).token;
    const aliceHome = await single(alice, event.result.selections[0].id, '2.10');
    const aliceOver = await single(alice, event.goals.selections[0].id, '1.90');
    const aliceOther = await single(alice, elsewhere.result.selections[0].id, '2.10');
    const bobHome = await single(bob, event.result.selections[0].id, '2.10');

    const aliceOffers = liveOffers(alice);
    const bobOffers = liveOffers(bob);
    await aliceOffers.until((m) => new Set(offersOf(m).map((o) => o.bet.id)).size === 3);
    await bobOffers.until((m) => m.length >= 1);
    assert.ok(offersOf(aliceOffers.messages).every((o) => o.amount === '9.50'));
    await pause(THROTTLE_MS + 100);
    const aliceBefore = aliceOffers.messages.length;
    const bobBefore = bobOffers.messages.length;

    await traderSetOdds(server.url, trader, event.result.selections[0].id, '1.50');
    await aliceOffers.until((m) => new Set(offersOf(m.slice(aliceBefore)).map((o) => o.bet.id)).size === 2);
    await bobOffers.until((m) => m.length > bobBefore);
    await pause(THROTTLE_MS);

    const aliceFresh = offersOf(aliceOffers.messages.slice(aliceBefore));
    assert.deepEqual(aliceFresh.map((o) => [o.bet.id, o.amount]).sort(), [[aliceHome, '13.30'], [aliceOver, '9.50']].sort());
    assert.ok(!aliceFresh.some((o) => o.bet.id === aliceOther), 'no offer for a bet on another event');
    assert.deepEqual(offersOf(bobOffers.messages.slice(bobBefore)).map((o) => [o.bet.id, o.amount]), [[bobHome, '13.30']]);
  });

  it('the bet in a live offer reads as a query of the bet does', async () => {
    const event = await preMatchEvent();
    const owner = (await signUpBettor(server.url, { prefix: 'live' })).token;
    const betId = await single(owner, event.result.selections[0].id, '2.10');
    const BET = `id status stake odds potentialPayout payout placedAt settledAt acceptAt rejectionReason oddsChangePolicy autoCashoutTarget
      legs { odds requestedOdds status selection { id name odds previousOdds status } event { id name } market { id name } }`;
    const offers = liveOffers(owner, `id amount bet { ${BET} }`);
    await offers.until((m) => m.length >= 1);
    await pause(THROTTLE_MS + 100);
    await traderSetOdds(server.url, trader, event.result.selections[0].id, '1.80');
    // Offers at the old odds may still arrive (the bet's own PLACED update re-values it); the one
    // to compare is the first priced after the move.
    type Pushed = { legs: Array<{ selection: { odds: string } }> };
    const afterMove = (m: typeof offers.messages) => m.find((x) => (x.data as unknown as { cashoutOffered: { bet: Pushed } }).cashoutOffered.bet.legs[0].selection.odds === '1.80');
    await offers.until((m) => afterMove(m) !== undefined);
    const pushed = (afterMove(offers.messages)!.data as { cashoutOffered: { bet: unknown } }).cashoutOffered.bet;
    const queried = (await gql(server.url, `query($id: ID!) { bet(id: $id) { ${BET} } }`, { id: betId }, owner)).data.bet;
    assert.deepEqual(pushed, queried);
    assert.equal((pushed as { legs: Array<{ selection: { odds: string; previousOdds: string } }> }).legs[0].selection.odds, '1.80');
  });

  it('a bet without a value does not hold back the others, and live offers supersede only earlier live offers', async () => {
    const event = await preMatchEvent();
    const owner = (await signUpBettor(server.url, { prefix: 'live' })).token;
    const resultBet = await single(owner, event.result.selections[0].id, '2.10');
    const goalsBet = await single(owner, event.goals.selections[0].id, '1.90');
    const requested = (
      await gql(server.url, `mutation($b: ID!) { requestCashout(betId: $b) { ... on CashoutOffer { id } } }`, { b: goalsBet }, owner)
    ).data.requestCashout.id as string;
    const offers = liveOffers(owner);
    await offers.until((m) => new Set(offersOf(m).map((o) => o.bet.id)).size === 2);
    await pause(THROTTLE_MS + 100);

    await traderSetMarketStatus(server.url, trader, event.result.id, 'SUSPENDED');
    await pause(THROTTLE_MS + 100);
    const before = offers.messages.length;
    await traderSetOdds(server.url, trader, event.goals.selections[0].id, '1.60');
    await offers.until((m) => m.length > before);
    await pause(THROTTLE_MS);
    const fresh = offersOf(offers.messages.slice(before));
    assert.deepEqual(fresh.map((o) => [o.bet.id, o.amount]), [[goalsBet, '11.28']]); // 10 x 1.90 / 1.60 x 0.95

    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const open = await sql`select bet_id, source from cashout_offers where bet_id in (${resultBet}, ${goalsBet}) and status = 'OPEN' order by bet_id, source`;
      // The suspended bet keeps its last live offer (accepting it answers CASHOUT_UNAVAILABLE); the
      // other has its fresh live offer and the requested one, untouched.
      const expected = [
        { bet_id: resultBet, source: 'LIVE' },
        { bet_id: goalsBet, source: 'LIVE' },
        { bet_id: goalsBet, source: 'REQUEST' },
      ].sort((a, b) => (a.bet_id + a.source < b.bet_id + b.source ? -1 : 1));
      assert.deepEqual([...open].map((r) => ({ bet_id: r.bet_id, source: r.source })), expected);
      const [{ id }] = await sql`select id from cashout_offers where bet_id = ${goalsBet} and status = 'OPEN' and source = 'REQUEST'`;
      assert.equal(id, requested);
    } finally {
      await sql.end();
    }
    const accepted = await gql(server.url, `mutation($id: ID!) { acceptCashout(offerId: $id) { __typename ... on CashoutAccepted { amount } } }`, { id: fresh[0].id }, owner);
    assert.deepEqual(accepted.data.acceptCashout, { __typename: 'CashoutAccepted', amount: '11.28' });
  });

  it('moves inside the throttle window are priced once, at the latest odds, when the window ends', async () => {
    const event = await preMatchEvent();
    const owner = (await signUpBettor(server.url, { prefix: 'live' })).token;
    await single(owner, event.result.selections[0].id, '2.10');
    const offers = liveOffers(owner);
    await offers.until((m) => m.length >= 1);
    await quiet(offers.messages, THROTTLE_MS + 300);
    const before = offers.messages.length;
    const selection = event.result.selections[0].id;
    await traderSetOdds(server.url, trader, selection, '1.50');
    await offers.until((m) => m.length > before);
    await traderSetOdds(server.url, trader, selection, '1.40');
    await traderSetOdds(server.url, trader, selection, '1.30');
    await offers.until((m) => m.length > before + 1, 3000);
    await pause(THROTTLE_MS * 2);
    assert.deepEqual(offersOf(offers.messages.slice(before)).map((o) => o.amount), ['13.30', '15.34']); // 10 x 2.10 / 1.30 x 0.95
  });
});

describe('live cashout offers racing a move', () => {
  it('an offer valued before a move but finished after it is not pushed: the next push is at the new price, without waiting out the throttle', async () => {
    const event = await preMatchEvent();
    const owner = (await signUpBettor(server.url, { prefix: 'live' })).token;
    const selection = event.result.selections[0].id;
    const betId = await single(owner, selection, '2.10');
    const offers = liveOffers(owner, 'id amount version bet { id }');
    await offers.until((m) => m.length >= 1);
    await quiet(offers.messages, THROTTLE_MS + 300);
    const odds = collect(wsClient(server.url, { token: owner }), `subscription($e: ID!) { oddsChanged(eventId: $e) { markets { selections { id odds } } } }`, { e: event.id });
    disposers.push(() => odds.dispose());
    // The odds subscription is live once a move on the event's other market reaches it; that move
    // re-values the bet too (at the same amount), so wait for the pushes to settle again.
    await traderSetOdds(server.url, trader, event.goals.selections[0].id, '1.85');
    await odds.until((m) => m.length >= 1);
    await quiet(offers.messages, THROTTLE_MS + 300);

    // Hold the bet's open live offer, so the batch the first move starts reads the odds (2.00)
    // and then waits at superseding that offer, until after the second move (1.80) is published.
    // Two clients: one holds the lock in its transaction, the other looks on.
    const holding = postgres(database.url, { max: 1, onnotice: () => {} });
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = holding.begin(async (tx) => {
      await tx`select id from cashout_offers where bet_id = ${betId} and status = 'OPEN' and source = 'LIVE' for update`;
      locked();
      await held;
    });
    try {
      await lockTaken;
      const before = offers.messages.length;
      await traderSetOdds(server.url, trader, selection, '2.00');
      const waiting = async () => {
        for (let i = 0; i < 200; i++) {
          const [{ n }] = await sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike 'update "cashout_offers"%'`;
          if (n > 0) return;
          await pause(50);
        }
        throw new Error('the first move’s batch never waited on the held offer');
      };
      await waiting();
      await traderSetOdds(server.url, trader, selection, '1.80');
      const seen = (value: string) => (m: typeof odds.messages) =>
        m.some((x) => (x.data as { oddsChanged: { markets: Array<{ selections: Array<{ id: string; odds: string }> }> } }).oddsChanged.markets.some((mk) => mk.selections.some((s) => s.id === selection && s.odds === value)));
      await odds.until(seen('1.80'));
      assert.equal(offers.messages.length, before, 'nothing was pushed while the batch waited');
      const releasedAt = Date.now();
      release();
      await holder;
      // 10.00 x 2.10 / 1.80 x 0.95 = 11.08; the stale batch's value at 2.00 would be 9.97.
      await offers.until((m) => offersOf(m.slice(before)).some((o) => o.amount === '11.08'), 5000);
      const arrivedMs = Date.now() - releasedAt;
      const pushed = offersOf(offers.messages.slice(before)).map((o) => o.amount);
      assert.ok(!pushed.includes('9.97'), `no push at the price before the second move: ${pushed.join(', ')}`);
      assert.equal(pushed[0], '11.08');
      console.log(`the new price arrived ${arrivedMs} ms after the stale batch was let go (throttle ${THROTTLE_MS} ms)`);
    } finally {
      release();
      await holder.catch(() => {});
      await Promise.all([holding.end(), sql.end()]);
    }
  });
});
