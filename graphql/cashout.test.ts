import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import type { RunningServer } from './start-server';
import { assertLedgerInvariants } from '../e2e/support/ledger';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { collect, gql, startTestServer, traderToken, wsClient, signUpBettor, traderSetOdds } from '../e2e/support/server';

let database: TestDatabase;
let first: RunningServer;
let second: RunningServer;
let trader: string;
const disposers: Array<() => unknown> = [];

before(async () => {
  database = await createTestDatabase();
  const env = { REDIS_PREFIX: `sbtest:cashout:${Date.now().toString(36)}:`, CASHOUT_OFFER_THROTTLE_MS: '300' };
  [first, second] = await Promise.all([startTestServer({ databaseUrl: database.url, env }), startTestServer({ databaseUrl: database.url, env })]);
  trader = await traderToken(first.url);
});

after(async () => {
  for (const dispose of disposers) await dispose();
  await Promise.all([first?.close(), second?.close()]);
  await database?.drop();
});

let n = 0;
const bettor = async () => (await signUpBettor(first.url, { prefix: 'cash' })).token;

/** An open pre-match single of `stake` (10.00 by default) at 2.10 on a fresh event; returns ids. */
async function openBet(token: string, stake = '10.00') {
  const created = await gql(
    first.url,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id markets { id selections { id } } } }`,
    {
      input: {
        sport: 'Football',
        home: `H${++n}`,
        away: `A${n}`,
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        markets: [{ name: 'Match result', selections: [{ name: 'H', odds: '2.10' }, { name: 'X', odds: '3.20' }, { name: 'A', odds: '3.60' }] }],
      },
    },
    trader,
  );
  const event = created.data.createEvent;
  const selectionId = event.markets[0].selections[0].id;
  const placed = await gql(first.url, `mutation($s: ID!, $stake: Money!, $key: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: $stake, idempotencyKey: $key }) { ... on BetPlaced { bet { id status } } ... on Rejection { code message } } }`, { s: selectionId, stake, key: `b${n}` }, token);
  assert.ok(placed.data?.placeBet?.bet, JSON.stringify(placed));
  assert.equal(placed.data.placeBet.bet.status, 'OPEN');
  return { betId: placed.data.placeBet.bet.id as string, selectionId, marketId: event.markets[0].id as string, eventId: event.id as string };
}

const setOdds = (selectionId: string, odds: string) => traderSetOdds(first.url, trader, selectionId, odds);
const REQUEST = `mutation($bet: ID!, $p: Int) { requestCashout(betId: $bet, percent: $p) { __typename ... on CashoutOffer { id amount percent expiresAt bet { id } } ... on Rejection { code message } } }`;
const ACCEPT = `mutation($id: ID!) { acceptCashout(offerId: $id) { __typename ... on CashoutAccepted { amount bet { status stake payout potentialPayout } } ... on Rejection { code message } ... on PriceChanged { code offer { id amount } } } }`;
const request = async (token: string, betId: string, percent?: number, url = first.url) => (await gql(url, REQUEST, { bet: betId, p: percent }, token)).data.requestCashout;
const accept = async (token: string, offerId: string, url = first.url) => (await gql(url, ACCEPT, { id: offerId }, token)).data.acceptCashout;
const balance = async (token: string) => (await gql(first.url, `{ viewer { balance } }`, {}, token)).data.viewer.balance;

describe('requesting a cashout', () => {
  it('quotes stake x placed odds / current odds less 5%, valid for 30 seconds', async () => {
    const token = await bettor();
    const { betId, selectionId } = await openBet(token);
    await setOdds(selectionId, '1.50');
    const offer = await request(token, betId);
    assert.equal(offer.__typename, 'CashoutOffer');
    assert.equal(offer.amount, '13.30'); // 10 x 2.10 / 1.50 x 0.95
    assert.equal(offer.percent, 100);
    const ttl = Date.parse(offer.expiresAt) - Date.now();
    assert.ok(ttl > 28_000 && ttl <= 30_000, `expires in ${ttl} ms`);
  });

  it('answers bad percents, unknown and foreign bets with typed rejections', async () => {
    const owner = await bettor();
    const stranger = await bettor();
    const { betId } = await openBet(owner);
    for (const percent of [0, 101, -1]) assert.equal((await request(owner, betId, percent)).code, 'INVALID_INPUT');
    const fractional = await gql(first.url, REQUEST, { bet: betId, p: 1.5 }, owner);
    assert.ok(fractional.errors?.length && fractional.status < 500);
    assert.equal((await request(stranger, betId)).code, 'NOT_FOUND');
    assert.equal((await request(owner, '00000000-0000-0000-0000-000000000000')).code, 'NOT_FOUND');
    assert.equal((await request(owner, 'nope')).code, 'NOT_FOUND');
  });

  it('refuses a part whose stake or value rounds to zero with CASHOUT_TOO_SMALL, storing no offer', async () => {
    const token = await bettor();
    // 1% of 0.99 is under a cent of stake, though at 1.01 it would be worth 0.0197: a part that
    // moves no stake must not be offered (the offer's CHECK refused it as an internal error).
    const shortened = await openBet(token, '0.99');
    await setOdds(shortened.selectionId, '1.01');
    const noStake = await request(token, shortened.betId, 1);
    assert.equal(noStake.__typename, 'Rejection');
    assert.equal(noStake.code, 'CASHOUT_TOO_SMALL');
    // 1% of 10.00 at 2.10 drifted to 1000.00 moves 0.10 of stake worth 0.0019: nothing to pay.
    const drifted = await openBet(token);
    await setOdds(drifted.selectionId, '1000.00');
    assert.equal((await request(token, drifted.betId, 1)).code, 'CASHOUT_TOO_SMALL');
    const sql = postgres(database.url, { max: 1 });
    try {
      const [{ count }] = await sql`select count(*)::int as count from cashout_offers where bet_id in ${sql([shortened.betId, drifted.betId])}`;
      assert.equal(count, 0);
    } finally {
      await sql.end();
    }
    // The whole bet is still worth a cent, and offered.
    assert.equal((await request(token, drifted.betId, 100)).amount, '0.01');
  });

  it('is unavailable while the market is suspended', async () => {
    const token = await bettor();
    const { betId, marketId } = await openBet(token);
    await gql(first.url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: SUSPENDED) { id } }`, { id: marketId }, trader);
    const refused = await request(token, betId);
    assert.equal(refused.code, 'CASHOUT_UNAVAILABLE');
    assert.match(refused.message, /suspended/);
  });
});

describe('accepting a cashout', () => {
  it('cashes the bet out, credits the wallet through the ledger and tells betUpdated', async () => {
    const token = await bettor();
    const { betId } = await openBet(token);
    const updates = collect(wsClient(second.url, { token }), `subscription { betUpdated { kind bet { id status } } }`);
    await new Promise((r) => setTimeout(r, 300));
    const offer = await request(token, betId);
    const accepted = await accept(token, offer.id);
    assert.equal(accepted.__typename, 'CashoutAccepted');
    assert.equal(accepted.amount, offer.amount);
    assert.deepEqual(accepted.bet, { status: 'CASHED_OUT', stake: '10.00', payout: offer.amount, potentialPayout: '21.00' });
    assert.equal(offer.amount, '9.50'); // odds unchanged: 10.00 x 0.95
    assert.equal(await balance(token), '99.50');
    await updates.until((m) => m.some((u) => u.data.betUpdated.kind === 'CASHED_OUT'));
    updates.dispose();
    assert.equal((await request(token, betId)).code, 'CASHOUT_UNAVAILABLE');
    await assertLedgerInvariants(database.url);
  });

  it('credits once however often and however concurrently the same offer is accepted', async () => {
    const token = await bettor();
    const { betId } = await openBet(token);
    const offer = await request(token, betId);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => accept(token, offer.id, i % 2 ? first.url : second.url)));
    assert.ok(results.every((r) => r.__typename === 'CashoutAccepted' && r.amount === offer.amount));
    const expected = 9000n + BigInt(offer.amount.replace('.', ''));
    assert.equal(await balance(token), `${expected / 100n}.${(expected % 100n).toString().padStart(2, '0')}`);
    const sql = postgres(database.url, { max: 1 });
    const [{ count }] = await sql`select count(*)::int as count from ledger_transactions where kind = 'CASHOUT' and reference = ${offer.id}`;
    await sql.end();
    assert.equal(count, 1);
  });

  it('pays the accepted amount when the bet is worth more now, whatever newer offers were made', async () => {
    const token = await bettor();
    const { betId, selectionId } = await openBet(token);
    const offer = await request(token, betId);
    assert.equal(offer.amount, '9.50');
    await setOdds(selectionId, '1.80'); // worth 11.08 now
    const newer = await request(token, betId);
    assert.equal(newer.amount, '11.08');
    const accepted = await accept(token, offer.id);
    assert.equal(accepted.__typename, 'CashoutAccepted');
    assert.equal(accepted.amount, '9.50');
    assert.deepEqual(accepted.bet, { status: 'CASHED_OUT', stake: '10.00', payout: '9.50', potentialPayout: '21.00' });
    assert.equal(await balance(token), '99.50');
    // The newer offer ended with the cashout.
    assert.equal((await accept(token, newer.id)).code, 'OFFER_EXPIRED');
    assert.equal(await balance(token), '99.50');
    await assertLedgerInvariants(database.url);
  });

  it('answers a fall with PRICE_CHANGED carrying the new value, which one more accept takes', async () => {
    const token = await bettor();
    const { betId, selectionId } = await openBet(token);
    const offer = await request(token, betId);
    await setOdds(selectionId, '2.50'); // worth 10 x 2.10 / 2.50 x 0.95 = 7.98
    const changed = await accept(token, offer.id);
    assert.equal(changed.__typename, 'PriceChanged');
    assert.equal(changed.code, 'PRICE_CHANGED');
    assert.equal(changed.offer.amount, '7.98');
    assert.equal(await balance(token), '90.00');
    const taken = await accept(token, changed.offer.id);
    assert.equal(taken.__typename, 'CashoutAccepted');
    assert.equal(taken.amount, '7.98');
    assert.equal(await balance(token), '97.98');
  });

  it('answers OFFER_EXPIRED past the offer’s validity, changing nothing', async () => {
    const token = await bettor();
    const { betId } = await openBet(token);
    const older = await request(token, betId);
    const newer = await request(token, betId);
    const sql = postgres(database.url, { max: 1 });
    await sql`update cashout_offers set expires_at = now() - interval '1 second' where id in ${sql([older.id, newer.id])}`;
    await sql.end();
    assert.equal((await accept(token, older.id)).code, 'OFFER_EXPIRED');
    assert.equal((await accept(token, newer.id)).code, 'OFFER_EXPIRED');
    assert.equal(await balance(token), '90.00');
    const stranger = await bettor();
    const fresh = await request(token, betId);
    assert.equal((await accept(stranger, fresh.id)).code, 'NOT_FOUND');
    assert.equal((await accept(token, 'nope')).code, 'NOT_FOUND');
  });

  it('cashes out half, keeping the bet open with half the stake, then the rest', async () => {
    const token = await bettor();
    const { betId, selectionId } = await openBet(token);
    await setOdds(selectionId, '1.50');
    const half = await request(token, betId, 50);
    assert.equal(half.amount, '6.65');
    const partial = await accept(token, half.id);
    assert.deepEqual(partial.bet, { status: 'OPEN', stake: '5.00', payout: '6.65', potentialPayout: '10.50' });
    const rest = await request(token, betId, 100);
    assert.equal(rest.amount, '6.65');
    const done = await accept(token, rest.id);
    assert.deepEqual(done.bet, { status: 'CASHED_OUT', stake: '5.00', payout: '13.30', potentialPayout: '10.50' });
    assert.equal(await balance(token), '103.30');
    await assertLedgerInvariants(database.url);
  });
});

describe('live offers and auto-cashout', () => {
  it('pushes a fresh offer to the connected owner when a leg’s odds move', async () => {
    const token = await bettor();
    const { betId, selectionId } = await openBet(token);
    const client = wsClient(second.url, { token });
    disposers.push(() => client.dispose());
    const offers = collect(client, `subscription($bet: ID) { cashoutOffered(betId: $bet) { id amount expiresAt bet { id } } }`, { bet: betId });
    await offers.until((m) => m.length >= 1);
    assert.equal(offers.messages[0].data.cashoutOffered.amount, '9.50');
    await setOdds(selectionId, '1.40');
    await offers.until((m) => m.some((o) => o.data.cashoutOffered.amount === '14.25'));
    const latest = offers.messages.at(-1)!.data.cashoutOffered;
    assert.equal((await accept(token, latest.id)).__typename, 'CashoutAccepted');
  });

  it('pushes a bet’s offers in increasing version, never at older odds than an offer already pushed, while moves and quotes interleave', async () => {
    const token = await bettor();
    const { betId, selectionId } = await openBet(token);
    const client = wsClient(second.url, { token });
    disposers.push(() => client.dispose());
    const offers = collect<{ cashoutOffered: { id: string; amount: string; version: number } }>(client, `subscription($bet: ID) { cashoutOffered(betId: $bet) { id amount version } }`, { bet: betId });
    await offers.until((m) => m.length >= 1);
    // 30 distinct prices in order, moved on one instance and pushed from the other, with quotes
    // (which take versions too) and short random pauses in between.
    const steps = Array.from({ length: 30 }, (_, i) => (151 + 3 * i) / 100); // 1.51 to 2.38, never the opening 2.10
    for (const [i, odds] of steps.entries()) {
      await setOdds(selectionId, odds.toFixed(2));
      if (i % 4 === 0) void request(token, betId, 100, second.url);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 120)));
    }
    const last = Math.floor((1000 * 210 * 95) / (238 * 100)) / 100; // 10 x 2.10 / 2.38 x 0.95 = 8.38
    await offers.until((m) => m.some((o) => o.data!.cashoutOffered.amount === last.toFixed(2)), 10_000);
    const pushed = offers.messages.map((m) => m.data!.cashoutOffered);
    const versions = pushed.map((o) => o.version);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
    assert.equal(new Set(versions).size, versions.length, 'versions strictly increase');
    const sql = postgres(database.url, { max: 1 });
    const rows = await sql`select id, odds from cashout_offers where id in ${sql(pushed.map((o) => o.id))}`;
    await sql.end();
    const oddsOf = new Map(rows.map((r) => [r.id as string, (r.odds as Array<{ odds: number }>)[0].odds]));
    // Where each push's price stands in the order of moves (the opening price first).
    const stepOf = pushed.map((o) => [210, ...steps.map((x) => Math.round(x * 100))].lastIndexOf(oddsOf.get(o.id)!));
    assert.ok(stepOf.every((step) => step >= 0));
    assert.deepEqual(stepOf, [...stepOf].sort((a, b) => a - b), `pushed prices in move order: ${stepOf.join(',')}`);
    assert.equal(pushed.at(-1)!.amount, last.toFixed(2));
  });

  it('refuses a live-offer subscription for someone else’s bet', async () => {
    const owner = await bettor();
    const stranger = await bettor();
    const { betId } = await openBet(owner);
    const client = wsClient(first.url, { token: stranger });
    disposers.push(() => client.dispose());
    const offers = collect(client, `subscription($bet: ID) { cashoutOffered(betId: $bet) { id } }`, { bet: betId });
    await offers.ended();
    assert.equal((offers.messages[0]?.errors?.[0] as { extensions?: { code?: string } })?.extensions?.code, 'NOT_FOUND');
  });

  it('cashes out automatically once, at no less than the target, with rules and moves on different instances', async () => {
    const token = await bettor();
    const { betId, selectionId } = await openBet(token);
    const set = await gql(second.url, `mutation($b: ID!) { setAutoCashout(betId: $b, target: "12.00") { __typename ... on AutoCashoutSet { bet { autoCashoutTarget } } } }`, { b: betId }, token);
    assert.equal(set.data.setAutoCashout.bet.autoCashoutTarget, '12.00');
    await new Promise((r) => setTimeout(r, 1500)); // the leader reloads rules every second
    assert.equal((await gql(first.url, `query($id: ID!) { bet(id: $id) { status } }`, { id: betId }, token)).data.bet.status, 'OPEN');
    await setOdds(selectionId, '1.60'); // value 10 x 2.10 / 1.60 x 0.95 = 12.46
    const deadline = Date.now() + 5000;
    let bet;
    do {
      bet = (await gql(first.url, `query($id: ID!) { bet(id: $id) { status payout autoCashoutTarget } }`, { id: betId }, token)).data.bet;
      if (bet.status === 'CASHED_OUT') break;
      await new Promise((r) => setTimeout(r, 100));
    } while (Date.now() < deadline);
    assert.deepEqual(bet, { status: 'CASHED_OUT', payout: '12.46', autoCashoutTarget: null });
    const sql = postgres(database.url, { max: 1 });
    const [{ count }] = await sql`select count(*)::int as count from ledger_transactions t join cashout_offers o on o.id::text = t.reference where t.kind = 'CASHOUT' and o.bet_id = ${betId}`;
    await sql.end();
    assert.equal(count, 1);
    assert.equal(await balance(token), '102.46');
  });

  it('answers typed rejections for bad auto-cashout targets', async () => {
    const token = await bettor();
    const { betId } = await openBet(token);
    const SET = `mutation($b: ID!, $t: Money) { setAutoCashout(betId: $b, target: $t) { __typename ... on Rejection { code } ... on AutoCashoutSet { bet { autoCashoutTarget } } } }`;
    assert.equal((await gql(first.url, SET, { b: betId, t: '0' }, token)).data.setAutoCashout.code, 'INVALID_INPUT');
    assert.equal((await gql(first.url, SET, { b: betId, t: '-1.00' }, token)).data.setAutoCashout.code, 'INVALID_INPUT');
    assert.equal((await gql(first.url, SET, { b: 'nope', t: '5.00' }, token)).data.setAutoCashout.code, 'NOT_FOUND');
    assert.equal((await gql(first.url, SET, { b: betId, t: null }, token)).data.setAutoCashout.bet.autoCashoutTarget, null);
  });

  it('refuses an auto-cashout target the bet can never be worth, saying the highest it takes', async () => {
    const token = await bettor();
    const { betId } = await openBet(token); // 10.00 at 2.10: potential payout 21.00, at most 19.95 in a cash out
    const SET = `mutation($b: ID!, $t: Money) { setAutoCashout(betId: $b, target: $t) { __typename ... on UserError { code message } ... on AutoCashoutTargetTooHigh { maxTarget } ... on AutoCashoutSet { bet { autoCashoutTarget } } } }`;
    for (const target of ['25.00', '21.00', '19.96']) {
      const refused = (await gql(first.url, SET, { b: betId, t: target }, token)).data.setAutoCashout;
      assert.deepEqual({ type: refused.__typename, code: refused.code, max: refused.maxTarget }, { type: 'AutoCashoutTargetTooHigh', code: 'TARGET_TOO_HIGH', max: '19.95' });
      assert.match(refused.message, /at most 19\.95/);
    }
    const bet = async () => (await gql(first.url, `query($id: ID!) { bet(id: $id) { autoCashoutTarget } }`, { id: betId }, token)).data.bet;
    assert.deepEqual(await bet(), { autoCashoutTarget: null });
    assert.equal((await gql(first.url, SET, { b: betId, t: '19.95' }, token)).data.setAutoCashout.bet.autoCashoutTarget, '19.95');
  });

  it('counts offers made, accepted, expired and refused by reason in one place', async () => {
    const counters = first.runtime.cashout.counters;
    const before = structuredClone(counters);
    // Made and accepted.
    const taker = await bettor();
    const taken = await openBet(taker);
    assert.equal((await accept(taker, (await request(taker, taken.betId)).id)).__typename, 'CashoutAccepted');
    // Made, then expired.
    const late = await bettor();
    const lapsed = await openBet(late);
    const stale = await request(late, lapsed.betId);
    const sql = postgres(database.url, { max: 1 });
    await sql`update cashout_offers set expires_at = now() - interval '1 second' where id = ${stale.id}`;
    await sql.end();
    assert.equal((await accept(late, stale.id)).code, 'OFFER_EXPIRED');
    // Made, refused for a price change, and a fresh one made in its place.
    const mover = await bettor();
    const moved = await openBet(mover);
    const quoted = await request(mover, moved.betId);
    await setOdds(moved.selectionId, '2.50');
    assert.equal((await accept(mover, quoted.id)).code, 'PRICE_CHANGED');
    // Refused while the market is suspended.
    const waiter = await bettor();
    const held = await openBet(waiter);
    await gql(first.url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: SUSPENDED) { id } }`, { id: held.marketId }, trader);
    assert.equal((await request(waiter, held.betId)).code, 'CASHOUT_UNAVAILABLE');
    const delta = (key: 'offersMade' | 'accepted' | 'expired') => counters[key] - before[key];
    const refused = (reason: string) => (counters.refused[reason] ?? 0) - (before.refused[reason] ?? 0);
    assert.deepEqual(
      { made: delta('offersMade'), accepted: delta('accepted'), expired: delta('expired'), suspended: refused('SUSPENDED'), priceChanged: refused('PRICE_CHANGED') },
      { made: 4, accepted: 1, expired: 1, suspended: 1, priceChanged: 1 },
    );
  });
});
