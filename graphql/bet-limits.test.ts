import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from './start-server';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderSetOdds, traderToken } from '../e2e/support/server';

let database: TestDatabase;
let server: RunningServer;
let trader: string;
const DELAY_MS = 400;

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({
    databaseUrl: database.url,
    env: { REDIS_PREFIX: `sbtest:limits:${Date.now().toString(36)}:`, INPLAY_DELAY_MS: String(DELAY_MS), STAKE_MIN: '0.50', STAKE_MAX: '200.00', MAX_PAYOUT: '1000.00' },
  });
  trader = await traderToken(server.url);
});

after(async () => {
  await server?.close();
  await database?.drop();
});

const LIMITS = `query($ids: [ID!]!) { betLimits(selectionIds: $ids) { minStake maxStake stakeLimit maxPayout } }`;
const PLACE = `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on BetPlaced { bet { id status } } ... on UserError { code } ... on LimitRejection { max } } }`;

const place = (token: string, legs: Array<{ selectionId: string; odds: string }>, stake: string, policy = 'NONE') =>
  gql(server.url, PLACE, { input: { legs, stake, idempotencyKey: randomUUID(), oddsChangePolicy: policy } }, token);

describe('betLimits', () => {
  it('answers the stake limit where the payout does not bind, and the largest stake within the maximum payout where it does', async () => {
    const a = await createLiveEvent(server.url, trader, 'Limit A', 'Limit B');
    const b = await createLiveEvent(server.url, trader, 'Limit C', 'Limit D');
    const home = a.markets[0].selections[0]; // 2.10
    const away = b.markets[0].selections[2]; // 3.60

    const single = await gql(server.url, LIMITS, { ids: [home.id] });
    assert.deepEqual(single.data.betLimits, { minStake: '0.50', maxStake: '200.00', stakeLimit: '200.00', maxPayout: '1000.00' });

    // 2.10 x 3.60 = 7.56: 1000.00 / 7.56 = 132.275..., rounded down to 132.27.
    const double = await gql(server.url, LIMITS, { ids: [home.id, away.id] });
    assert.equal(double.data.betLimits.maxStake, '132.27');

    // placeBet holds to the same bound: the maximum stands, a cent more is STAKE_TOO_HIGH with that maximum.
    const bettor = (await signUpBettor(server.url, { deposit: '500.00', prefix: 'lim' })).token;
    const legs = [
      { selectionId: home.id, odds: '2.10' },
      { selectionId: away.id, odds: '3.60' },
    ];
    const over = await place(bettor, legs, '132.28');
    assert.deepEqual([over.data.placeBet.__typename, over.data.placeBet.code, over.data.placeBet.max], ['LimitRejection', 'STAKE_TOO_HIGH', '132.27']);
    const at = await place(bettor, legs, '132.27');
    assert.equal(at.data.placeBet.__typename, 'BetPlaced', JSON.stringify(at));

    // The bound follows the odds.
    await traderSetOdds(server.url, trader, away.id, '5.00');
    const moved = await gql(server.url, LIMITS, { ids: [away.id, home.id] });
    assert.equal(moved.data.betLimits.maxStake, '95.23');
  });

  it('leaves unknown and malformed ids out, and refuses no ids, more than 20 or the same id twice with BAD_USER_INPUT', async () => {
    const event = await createLiveEvent(server.url, trader, 'Odd Ids', 'Even Ids');
    const home = event.markets[0].selections[0];
    const unknown = await gql(server.url, LIMITS, { ids: [home.id, randomUUID(), 'not-a-uuid'] });
    assert.equal(unknown.data.betLimits.maxStake, '200.00');
    for (const ids of [[], [home.id, home.id], Array.from({ length: 21 }, () => randomUUID())]) {
      const result = await gql(server.url, LIMITS, { ids });
      assert.equal(result.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(result));
      assert.equal(result.data?.betLimits ?? null, null);
    }
  });
});

describe('Bet.rejectionCode', () => {
  it('names why an in-play bet was rejected at the end of its delay, and the moved leg shows its requested and current odds', async () => {
    const event = await createLiveEvent(server.url, trader, 'Reject Rovers', 'Code City');
    const home = event.markets[0].selections[0];
    const bettor = (await signUpBettor(server.url, { deposit: '50.00', prefix: 'rc' })).token;
    const placed = await place(bettor, [{ selectionId: home.id, odds: '2.10' }], '5.00');
    assert.equal(placed.data.placeBet.bet.status, 'PENDING');
    await traderSetOdds(server.url, trader, home.id, '1.90');

    const read = () =>
      gql(server.url, `query($id: ID!) { bet(id: $id) { status rejectionCode rejectionReason legs { requestedOdds selection { odds } } } }`, { id: placed.data.placeBet.bet.id }, bettor);
    const deadline = Date.now() + 15_000;
    let bet = (await read()).data.bet;
    while (bet.status === 'PENDING' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      bet = (await read()).data.bet;
    }
    assert.equal(bet.status, 'REJECTED');
    assert.equal(bet.rejectionCode, 'ODDS_CHANGED');
    assert.ok(bet.rejectionReason);
    assert.deepEqual(bet.legs, [{ requestedOdds: '2.10', selection: { odds: '1.90' } }]);

    // An accepted bet has no rejection code.
    const accepted = await place(bettor, [{ selectionId: home.id, odds: '1.90' }], '5.00');
    const acceptedId = accepted.data.placeBet.bet.id;
    const until = Date.now() + 15_000;
    let status = 'PENDING';
    let code: string | null = 'unread';
    while (status === 'PENDING' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const r = await gql(server.url, `query($id: ID!) { bet(id: $id) { status rejectionCode } }`, { id: acceptedId }, bettor);
      status = r.data.bet.status;
      code = r.data.bet.rejectionCode;
    }
    assert.deepEqual([status, code], ['OPEN', null]);
  });
});
