import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from './start-server';
import { assertLedgerInvariants } from '../e2e/support/ledger';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { collect, createLiveEvent, gql, startTestServer, traderToken, wsClient, signUpBettor } from '../e2e/support/server';

// Two instances on one database and one Redis prefix, with a short in-play delay.
let database: TestDatabase;
let first: RunningServer;
let second: RunningServer;
let trader: string;
const disposers: Array<() => unknown> = [];
const DELAY_MS = 600;

before(async () => {
  database = await createTestDatabase();
  const env = { REDIS_PREFIX: `sbtest:bets:${Date.now().toString(36)}:`, INPLAY_DELAY_MS: String(DELAY_MS), STAKE_MIN: '0.50', STAKE_MAX: '200.00', MAX_PAYOUT: '1000.00' };
  [first, second] = await Promise.all([startTestServer({ databaseUrl: database.url, env }), startTestServer({ databaseUrl: database.url, env })]);
  trader = await traderToken(first.url);
});

after(async () => {
  for (const dispose of disposers) await dispose();
  await Promise.all([first?.close(), second?.close()]);
  await database?.drop();
});

const fundedUser = async (amount = '100.00') => (await signUpBettor(first.url, { deposit: amount, prefix: 'bettor' })).token;

/** An upcoming (pre-match) event: bets on it are accepted at once. */
async function upcomingEvent(home: string, away: string) {
  const result = await gql(
    first.url,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id markets { id selections { id odds } } } }`,
    {
      input: {
        sport: 'Football',
        home,
        away,
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        markets: [{ name: 'Match result', selections: [{ name: home, odds: '2.00' }, { name: 'Draw', odds: '3.00' }, { name: away, odds: '4.00' }] }],
      },
    },
    trader,
  );
  return result.data.createEvent as { id: string; markets: Array<{ id: string; selections: Array<{ id: string; odds: string }> }> };
}

const PLACE = `mutation($input: PlaceBetInput!) { placeBet(input: $input) {
  __typename
  ... on BetPlaced { bet { id status stake odds potentialPayout payout acceptAt legs { odds requestedOdds status selection { id } } } }
  ... on UserError { code message }
  ... on OddsChanged { current { id odds } }
  ... on LimitRejection { min max } } }`;

let keys = 0;
const place = (token: string, legs: Array<{ selectionId: string; odds: string }>, stake: string, extra: Record<string, unknown> = {}, url = first.url) =>
  gql(url, PLACE, { input: { legs, stake, idempotencyKey: `k${++keys}`, ...extra } }, token).then((r) => {
    if (r.errors) throw new Error(JSON.stringify(r.errors));
    return r.data.placeBet;
  });
const balance = async (token: string) => (await gql(first.url, `{ viewer { balance } }`, {}, token)).data.viewer.balance;
const betStatus = async (token: string, id: string) => (await gql(first.url, `query($id: ID!) { bet(id: $id) { status rejectionReason } }`, { id }, token)).data.bet;

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached; last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('placing bets', () => {
  it('places a pre-match single at once: OPEN, stake held, payout = stake x odds', async () => {
    const token = await fundedUser();
    const event = await upcomingEvent('Ayr', 'Bute');
    const selection = event.markets[0].selections[0];
    const result = await place(token, [{ selectionId: selection.id, odds: '2.00' }], '12.34');
    assert.equal(result.__typename, 'BetPlaced');
    assert.deepEqual(
      { status: result.bet.status, stake: result.bet.stake, odds: result.bet.odds, potentialPayout: result.bet.potentialPayout, payout: result.bet.payout },
      { status: 'OPEN', stake: '12.34', odds: '2.00', potentialPayout: '24.68', payout: '0.00' },
    );
    assert.equal(await balance(token), '87.66');
  });

  it('places an accumulator across events on the product of the odds', async () => {
    const token = await fundedUser();
    const a = await upcomingEvent('Crail', 'Dunbar');
    const b = await upcomingEvent('Elgin', 'Forres');
    const result = await place(token, [
      { selectionId: a.markets[0].selections[1].id, odds: '3.00' },
      { selectionId: b.markets[0].selections[2].id, odds: '4.00' },
    ], '10.00');
    assert.equal(result.bet.odds, '12.00');
    assert.equal(result.bet.potentialPayout, '120.00');
    assert.equal(result.bet.legs.length, 2);
  });

  it('answers every rejection with its code and changes nothing', async () => {
    const token = await fundedUser('20.00');
    const a = await upcomingEvent('Girvan', 'Hawick');
    const b = await upcomingEvent('Irvine', 'Jedburgh');
    const [home, draw] = a.markets[0].selections;
    const leg = (s: { id: string }, odds = '2.00') => ({ selectionId: s.id, odds });
    const cases: Array<[string, () => Promise<any>]> = [
      ['INVALID_INPUT', () => place(token, [], '1.00')],
      ['INVALID_INPUT', () => place(token, [leg(home)], '0')],
      ['INVALID_INPUT', () => place(token, [leg(home)], '-5.00')],
      ['INVALID_INPUT', () => gql(first.url, PLACE, { input: { legs: [leg(home)], stake: '1.00', idempotencyKey: '' } }, token).then((r) => r.data.placeBet)],
      ['INVALID_BET', () => place(token, [leg(home), leg(home)], '1.00')],
      ['INVALID_BET', () => place(token, [leg(home), leg(draw, '3.00')], '1.00')],
      ['NOT_FOUND', () => place(token, [leg({ id: '00000000-0000-0000-0000-000000000000' })], '1.00')],
      ['NOT_FOUND', () => place(token, [leg({ id: 'nonsense' })], '1.00')],
      ['ODDS_CHANGED', () => place(token, [leg(home, '2.50')], '1.00')],
      ['STAKE_TOO_LOW', () => place(token, [leg(home)], '0.10')],
      ['STAKE_TOO_HIGH', () => place(token, [leg(home)], '250.00')],
      ['STAKE_TOO_HIGH', () => place(token, [leg(home), leg(b.markets[0].selections[2], '4.00')], '150.00')],
      ['INSUFFICIENT_FUNDS', () => place(token, [leg(home)], '20.01')],
    ];
    for (const [code, run] of cases) assert.equal((await run()).code, code);
    const overStake = await place(token, [leg(home)], '250.00');
    assert.deepEqual([overStake.min, overStake.max], ['0.50', '200.00']);
    // 2.00 x 4.00 = 8.00, so a 1000.00 maximum payout allows at most 125.00.
    const overPayout = await place(token, [leg(home), leg(b.markets[0].selections[2], '4.00')], '150.00');
    assert.deepEqual([overPayout.code, overPayout.max], ['STAKE_TOO_HIGH', '125.00']);
    for (const bad of ['1.005', 'abc', '']) {
      const result = await gql(first.url, PLACE, { input: { legs: [leg(home)], stake: bad, idempotencyKey: `bad${bad}` } }, token);
      assert.ok(result.errors?.length && result.status < 500, bad);
    }
    assert.equal(await balance(token), '20.00');
    const list = await gql(first.url, `{ viewer { bets { edges { node { id } } } } }`, {}, token);
    assert.equal(list.data.viewer.bets.edges.length, 0);
  });

  it('caps a bet by the maximum payout and says the largest stake allowed', async () => {
    const token = await fundedUser('300.00');
    const event = await upcomingEvent('Kelso', 'Lanark');
    const away = event.markets[0].selections[2];
    const result = await place(token, [{ selectionId: away.id, odds: '4.00' }], '251.00');
    assert.deepEqual([result.code, result.min, result.max], ['STAKE_TOO_HIGH', '0.50', '200.00']);
    const capped = await place(token, [{ selectionId: away.id, odds: '4.00' }], '200.00');
    assert.equal(capped.__typename, 'BetPlaced');
    assert.equal(capped.bet.potentialPayout, '800.00');
  });

  it('answers ODDS_CHANGED with the current odds, and HIGHER takes better odds', async () => {
    const token = await fundedUser();
    const event = await upcomingEvent('Moffat', 'Nairn');
    const selection = event.markets[0].selections[0];
    await gql(first.url, `mutation($id: ID!) { setOdds(selectionId: $id, odds: "2.20") { id } }`, { id: selection.id }, trader);
    const changed = await place(token, [{ selectionId: selection.id, odds: '2.00' }], '5.00');
    assert.equal(changed.code, 'ODDS_CHANGED');
    assert.deepEqual(changed.current, [{ id: selection.id, odds: '2.20' }]);
    const higher = await place(token, [{ selectionId: selection.id, odds: '2.00' }], '5.00', { oddsChangePolicy: 'HIGHER' });
    assert.equal(higher.bet.odds, '2.20');
    assert.equal(higher.bet.legs[0].requestedOdds, '2.00');
    await gql(first.url, `mutation($id: ID!) { setOdds(selectionId: $id, odds: "1.80") { id } }`, { id: selection.id }, trader);
    assert.equal((await place(token, [{ selectionId: selection.id, odds: '2.20' }], '5.00', { oddsChangePolicy: 'HIGHER' })).code, 'ODDS_CHANGED');
    assert.equal((await place(token, [{ selectionId: selection.id, odds: '2.20' }], '5.00', { oddsChangePolicy: 'ANY' })).bet.odds, '1.80');
  });

  it('rejects suspended markets and finished or settled selections', async () => {
    const token = await fundedUser();
    const event = await upcomingEvent('Oban', 'Perth');
    await gql(first.url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: SUSPENDED) { id } }`, { id: event.markets[0].id }, trader);
    assert.equal((await place(token, [{ selectionId: event.markets[0].selections[0].id, odds: '2.00' }], '1.00')).code, 'MARKET_SUSPENDED');
    const { updateEventState } = await import('../lib/markets/update-event-state');
    await updateEventState(first.runtime, event.id, { status: 'FINISHED' });
    assert.equal((await place(token, [{ selectionId: event.markets[0].selections[0].id, odds: '2.00' }], '1.00')).code, 'MARKET_CLOSED');
  });

  it('returns the first result for a retried key and IDEMPOTENCY_CONFLICT for a different bet under it', async () => {
    const token = await fundedUser();
    const event = await upcomingEvent('Rosyth', 'Stirling');
    const legs = [{ selectionId: event.markets[0].selections[0].id, odds: '2.00' }];
    const input = { legs, stake: '3.00', idempotencyKey: 'same-key' };
    const [a, b] = await Promise.all([gql(first.url, PLACE, { input }, token), gql(second.url, PLACE, { input }, token)]);
    assert.equal(a.data.placeBet.bet.id, b.data.placeBet.bet.id, 'concurrent retries across instances get one bet');
    const conflict = await gql(first.url, PLACE, { input: { ...input, stake: '4.00' } }, token);
    assert.equal(conflict.data.placeBet.code, 'IDEMPOTENCY_CONFLICT');
    assert.equal(await balance(token), '97.00');
  });

  it('places exactly ten of forty concurrent bets that a wallet can fund ten of, across two instances', async () => {
    const token = await fundedUser('50.00');
    const event = await upcomingEvent('Thurso', 'Ullapool');
    const legs = [{ selectionId: event.markets[0].selections[0].id, odds: '2.00' }];
    // ANY: the price may move under these bets (the book answers the money they bring), and only
    // the wallet is to decide which stand.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => place(token, legs, '5.00', { oddsChangePolicy: 'ANY' }, i % 2 === 0 ? first.url : second.url)),
    );
    const placed = results.filter((r) => r.__typename === 'BetPlaced').length;
    const refused = results.filter((r) => r.code === 'INSUFFICIENT_FUNDS').length;
    assert.deepEqual([placed, refused], [10, 30]);
    assert.equal(await balance(token), '0.00');
    await assertLedgerInvariants(database.url);
  });
});

describe('in-play delay', () => {
  it('holds a live bet PENDING for the delay, then accepts it at the current odds', async () => {
    const token = await fundedUser();
    const event = await createLiveEvent(first.url, trader, 'Vale', 'Wick');
    const selection = event.markets[0].selections[0];
    const placed = await place(token, [{ selectionId: selection.id, odds: '2.10' }], '10.00', { oddsChangePolicy: 'ANY' });
    assert.equal(placed.bet.status, 'PENDING');
    const waitMs = Date.parse(placed.bet.acceptAt) - Date.now();
    assert.ok(waitMs > 0 && waitMs <= DELAY_MS, `acceptAt is the delay ahead (${waitMs} ms)`);
    await gql(first.url, `mutation($id: ID!) { setOdds(selectionId: $id, odds: "2.30") { id } }`, { id: selection.id }, trader);
    await eventually(() => betStatus(token, placed.bet.id), (b) => b.status === 'OPEN');
    const bet = (await gql(first.url, `query($id: ID!) { bet(id: $id) { odds potentialPayout legs { odds requestedOdds } } }`, { id: placed.bet.id }, token)).data.bet;
    assert.deepEqual(bet, { odds: '2.30', potentialPayout: '23.00', legs: [{ odds: '2.30', requestedOdds: '2.10' }] });
  });

  it('rejects and refunds a pending bet when its market is suspended during the delay', async () => {
    const token = await fundedUser();
    const event = await createLiveEvent(first.url, trader, 'Alloa', 'Brora');
    const placed = await place(token, [{ selectionId: event.markets[0].selections[0].id, odds: '2.10' }], '10.00');
    assert.equal(await balance(token), '90.00');
    await gql(first.url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: SUSPENDED) { id } }`, { id: event.markets[0].id }, trader);
    const bet = await eventually(() => betStatus(token, placed.bet.id), (b) => b.status !== 'PENDING');
    assert.equal(bet.status, 'REJECTED');
    assert.match(bet.rejectionReason, /suspended/);
    assert.equal(await balance(token), '100.00');
  });

  it('rejects a pending bet whose odds moved against its policy', async () => {
    const token = await fundedUser();
    const event = await createLiveEvent(first.url, trader, 'Cupar', 'Dornoch');
    const selection = event.markets[0].selections[0];
    const placed = await place(token, [{ selectionId: selection.id, odds: '2.10' }], '10.00', { oddsChangePolicy: 'HIGHER' });
    await gql(first.url, `mutation($id: ID!) { setOdds(selectionId: $id, odds: "1.90") { id } }`, { id: selection.id }, trader);
    assert.equal((await eventually(() => betStatus(token, placed.bet.id), (b) => b.status !== 'PENDING')).status, 'REJECTED');
    assert.equal(await balance(token), '100.00');
  });

  it('decides a pending bet after the server that took it stops', async () => {
    const token = await fundedUser();
    const event = await createLiveEvent(first.url, trader, 'Errol', 'Fyvie');
    const solo = await startTestServer({ databaseUrl: database.url, env: { INPLAY_DELAY_MS: '1500' } });
    const placed = await place(token, [{ selectionId: event.markets[0].selections[0].id, odds: '2.10' }], '10.00', {}, solo.url);
    assert.equal(placed.bet.status, 'PENDING');
    await solo.close();
    assert.equal((await betStatus(token, placed.bet.id)).status, 'PENDING');
    await eventually(() => betStatus(token, placed.bet.id), (b) => b.status === 'OPEN', 6000);
    await assertLedgerInvariants(database.url);
  });
});

describe('reading bets and bet updates', () => {
  it("shows a user only their own bets: someone else's bet id is null", async () => {
    const owner = await fundedUser();
    const other = await fundedUser();
    const event = await upcomingEvent('Golspie', 'Huntly');
    const placed = await place(owner, [{ selectionId: event.markets[0].selections[0].id, odds: '2.00' }], '1.00');
    assert.equal((await gql(first.url, `query($id: ID!) { bet(id: $id) { id } }`, { id: placed.bet.id }, other)).data.bet, null);
    assert.equal((await gql(first.url, `query($id: ID!) { bet(id: $id) { id } }`, { id: placed.bet.id })).data.bet, null);
    assert.equal((await gql(first.url, `query($id: ID!) { bet(id: $id) { id } }`, { id: placed.bet.id }, owner)).data.bet.id, placed.bet.id);
    assert.equal((await gql(first.url, `{ viewer { bets { edges { node { id } } } } }`, {}, other)).data.viewer.bets.edges.length, 0);
  });

  it('pages through bets newest first and filters by status', async () => {
    const token = await fundedUser();
    const event = await upcomingEvent('Inverurie', 'Keith');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await place(token, [{ selectionId: event.markets[0].selections[0].id, odds: '2.00' }], '1.00')).bet.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await gql(first.url, `query($after: String) { viewer { bets(first: 2, after: $after, statusIn: [PENDING, OPEN]) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`, { after }, token);
      seen.push(...page.data.viewer.bets.edges.map((e: any) => e.node.id));
      if (!page.data.viewer.bets.pageInfo.hasNextPage) break;
      after = page.data.viewer.bets.pageInfo.endCursor;
    }
    assert.deepEqual(seen, [...ids].reverse());
    const lost = await gql(first.url, `{ viewer { bets(status: LOST) { edges { node { id } } } } }`, {}, token);
    assert.equal(lost.data.viewer.bets.edges.length, 0);
  });

  it("streams a bettor's own PLACED and ACCEPTED updates to another instance, and nothing of others'", async () => {
    const owner = await fundedUser();
    const other = await fundedUser();
    const event = await createLiveEvent(first.url, trader, 'Lairg', 'Mallaig');
    const ownerClient = wsClient(second.url, { token: owner });
    const otherClient = wsClient(second.url, { token: other });
    disposers.push(() => ownerClient.dispose(), () => otherClient.dispose());
    const mine = collect(ownerClient, `subscription { betUpdated { cursor kind bet { id status } } }`);
    const theirs = collect(otherClient, `subscription { betUpdated { cursor kind bet { id } } }`);
    await new Promise((r) => setTimeout(r, 300));
    const placed = await place(owner, [{ selectionId: event.markets[0].selections[0].id, odds: '2.10' }], '2.00');
    await mine.until((m) => m.length >= 2);
    assert.deepEqual(mine.messages.map((m) => [m.data.betUpdated.kind, m.data.betUpdated.bet.status]), [['PLACED', 'PENDING'], ['ACCEPTED', 'OPEN']]);
    const [c1, c2] = mine.messages.map((m) => BigInt(m.data.betUpdated.cursor));
    assert.ok(c2 > c1, 'cursors increase');
    assert.equal(mine.messages[0].data.betUpdated.bet.id, placed.bet.id);
    await gql(first.url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: SUSPENDED) { id } }`, { id: event.markets[0].id }, trader);
    await mine.until((m) => m.length >= 3);
    assert.equal(mine.messages[2].data.betUpdated.kind, 'LEG_UPDATED');
    assert.equal(theirs.messages.length, 0);
    assert.equal(theirs.error, null);
  });

  it('replays updates after a cursor, then continues live without gaps or duplicates', async () => {
    const token = await fundedUser();
    const event = await upcomingEvent('Nairn', 'Oldmeldrum');
    const legs = [{ selectionId: event.markets[0].selections[0].id, odds: '2.00' }];
    const live = collect(wsClient(first.url, { token }), `subscription { betUpdated { cursor kind bet { id } } }`);
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 3; i++) await place(token, legs, '1.00');
    await live.until((m) => m.length >= 3);
    const cursors = live.messages.map((m) => m.data.betUpdated.cursor);
    live.dispose();
    const client = wsClient(second.url, { token });
    disposers.push(() => client.dispose());
    const resumed = collect(client, `subscription($after: String) { betUpdated(after: $after) { cursor kind } }`, { after: cursors[0] });
    await resumed.until((m) => m.length >= 2);
    await place(token, legs, '1.00');
    await resumed.until((m) => m.length >= 3);
    const got = resumed.messages.map((m) => m.data.betUpdated.cursor);
    assert.deepEqual(got.slice(0, 2), cursors.slice(1));
    assert.ok(BigInt(got[2]) > BigInt(cursors[2]));
    assert.equal(new Set(got).size, got.length);
  });

  it('enforces the per-user placement rate limit', async () => {
    const limited = await startTestServer({ databaseUrl: database.url, env: { BET_RATE_PER_MINUTE: '3' } });
    disposers.push(() => limited.close());
    const token = await fundedUser();
    const event = await upcomingEvent('Peebles', 'Rhynie');
    const legs = [{ selectionId: event.markets[0].selections[0].id, odds: '2.00' }];
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await place(token, legs, '1.00', {}, limited.url)).code ?? 'PLACED');
    assert.deepEqual(codes, ['PLACED', 'PLACED', 'PLACED', 'RATE_LIMITED']);
    // A retry of a bet already placed is answered with that bet, limit or not, and costs nothing.
    const retried = await place(token, legs, '1.00', { idempotencyKey: `k${keys - 1}` }, limited.url);
    assert.equal(retried.__typename, 'BetPlaced');
    const conflict = await place(token, legs, '2.00', { idempotencyKey: `k${keys - 2}` }, limited.url);
    assert.equal(conflict.code, 'IDEMPOTENCY_CONFLICT');
    await assertLedgerInvariants(database.url);
  });
});
