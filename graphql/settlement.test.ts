import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import type { RunningServer } from './start-server';
import { assertLedgerInvariants } from '../e2e/support/ledger';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { collect, gql, startTestServer, traderToken, wsClient, signUpBettor } from '../e2e/support/server';

let database: TestDatabase;
let server: RunningServer;
let url: string;
let trader: string;
const disposers: Array<() => unknown> = [];

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ databaseUrl: database.url });
  url = server.url;
  trader = await traderToken(url);
});

after(async () => {
  for (const dispose of disposers) await dispose();
  await server?.close();
  await database?.drop();
});

let n = 0;
const bettor = async (deposit = '100.00') => (await signUpBettor(url, { deposit, prefix: 'settle' })).token;

type Event = { id: string; markets: Array<{ id: string; selections: Array<{ id: string }> }> };
async function event(): Promise<Event> {
  const created = await gql(
    url,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id markets { id selections { id } } } }`,
    {
      input: {
        sport: 'Football',
        home: `Home${++n}`,
        away: `Away${n}`,
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        markets: [{ name: 'Match result', selections: [{ name: 'Home', odds: '2.50' }, { name: 'Draw', odds: '3.00' }, { name: 'Away', odds: '4.00' }] }],
      },
    },
    trader,
  );
  return created.data.createEvent;
}

let keys = 0;
async function bet(token: string, legs: Array<{ selectionId: string; odds: string }>, stake = '10.00'): Promise<string> {
  const placed = await gql(url, `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on BetPlaced { bet { id } } ... on UserError { code } } }`, { input: { legs, stake, idempotencyKey: `k${++keys}` } }, token);
  assert.equal(placed.data.placeBet.__typename, 'BetPlaced', JSON.stringify(placed));
  return placed.data.placeBet.bet.id;
}

const results = (e: Event, winner: number | 'VOID') =>
  e.markets[0].selections.map((s, i) => ({ selectionId: s.id, result: winner === 'VOID' ? 'VOID' : i === winner ? 'WON' : 'LOST' }));
const settle = (marketId: string, r: Array<{ selectionId: string; result: string }>) =>
  gql(url, `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id status selections { status } } }`, { m: marketId, r }, trader);
const unsettle = (marketId: string) => gql(url, `mutation($m: ID!) { unsettleMarket(marketId: $m) { id status } }`, { m: marketId }, trader);
const betOf = async (token: string, id: string) => (await gql(url, `query($id: ID!) { bet(id: $id) { status stake payout settledAt legs { status } } }`, { id }, token)).data.bet;
const balance = async (token: string) => (await gql(url, `{ viewer { balance } }`, {}, token)).data.viewer.balance;

describe('settlement', () => {
  it('pays a winning single stake x odds at once and tells the owner', async () => {
    const token = await bettor();
    const e = await event();
    const id = await bet(token, [{ selectionId: e.markets[0].selections[0].id, odds: '2.50' }]);
    const updates = collect(wsClient(url, { token }), `subscription { betUpdated { kind bet { id status payout } } }`);
    disposers.push(() => updates.dispose());
    await new Promise((r) => setTimeout(r, 300));
    const settled = await settle(e.markets[0].id, results(e, 0));
    assert.deepEqual(settled.data.settleMarket.selections.map((s: any) => s.status), ['WON', 'LOST', 'LOST']);
    assert.equal(settled.data.settleMarket.status, 'SETTLED');
    const b = await betOf(token, id);
    assert.deepEqual([b.status, b.payout, b.legs[0].status], ['WON', '25.00', 'WON']);
    assert.ok(b.settledAt);
    assert.equal(await balance(token), '115.00');
    await updates.until((m) => m.some((u) => u.data.betUpdated.kind === 'SETTLED'));
    assert.deepEqual(updates.messages.at(-1)!.data.betUpdated.bet, { id, status: 'WON', payout: '25.00' });
  });

  it("shows each bet update with its leg's market as it stands at that update, not as an earlier update read it", async () => {
    const token = await bettor();
    const e = await event();
    const updates = collect(wsClient(url, { token }), `subscription { betUpdated { kind bet { legs { market { status } } } } }`);
    disposers.push(() => updates.dispose());
    await new Promise((r) => setTimeout(r, 300));
    await bet(token, [{ selectionId: e.markets[0].selections[0].id, odds: '2.50' }]);
    await updates.until((m) => m.some((u) => u.data.betUpdated.kind === 'PLACED'));
    await settle(e.markets[0].id, results(e, 0));
    await updates.until((m) => m.some((u) => u.data.betUpdated.kind === 'SETTLED'));
    const seen = updates.messages.map((u) => [u.data.betUpdated.kind, u.data.betUpdated.bet.legs[0].market.status]);
    assert.deepEqual(seen, [['PLACED', 'OPEN'], ['SETTLED', 'SETTLED']]);
  });

  it('settles a losing bet as LOST and an all-void bet as VOID with the stake refunded', async () => {
    const token = await bettor();
    const a = await event();
    const b = await event();
    const lost = await bet(token, [{ selectionId: a.markets[0].selections[1].id, odds: '3.00' }]);
    const voided = await bet(token, [{ selectionId: b.markets[0].selections[0].id, odds: '2.50' }]);
    await settle(a.markets[0].id, results(a, 0));
    await settle(b.markets[0].id, results(b, 'VOID'));
    assert.deepEqual([(await betOf(token, lost)).status, (await betOf(token, lost)).payout], ['LOST', '0.00']);
    assert.deepEqual([(await betOf(token, voided)).status, (await betOf(token, voided)).payout], ['VOID', '10.00']);
    assert.equal(await balance(token), '90.00');
  });

  it('updates an accumulator leg by leg and settles it when the last leg is in, void legs at 1.00', async () => {
    const token = await bettor();
    const a = await event();
    const b = await event();
    const c = await event();
    const id = await bet(token, [
      { selectionId: a.markets[0].selections[0].id, odds: '2.50' },
      { selectionId: b.markets[0].selections[2].id, odds: '4.00' },
      { selectionId: c.markets[0].selections[1].id, odds: '3.00' },
    ]);
    const updates = collect(wsClient(url, { token }), `subscription { betUpdated { kind } }`);
    disposers.push(() => updates.dispose());
    await new Promise((r) => setTimeout(r, 300));
    await settle(a.markets[0].id, results(a, 0));
    await settle(b.markets[0].id, results(b, 'VOID'));
    assert.deepEqual((await betOf(token, id)).legs.map((l: any) => l.status), ['WON', 'VOID', 'OPEN']);
    assert.equal((await betOf(token, id)).status, 'OPEN');
    await settle(c.markets[0].id, results(c, 1));
    const settled = await betOf(token, id);
    assert.deepEqual([settled.status, settled.payout], ['WON', '75.00']); // 10 x 2.50 x 1.00 x 3.00
    await updates.until((m) => m.length >= 3);
    assert.deepEqual(updates.messages.map((u) => u.data.betUpdated.kind), ['LEG_UPDATED', 'LEG_UPDATED', 'SETTLED']);
  });

  it('changes nothing when the same market is settled twice, and refuses other results without unsettling', async () => {
    const token = await bettor();
    const e = await event();
    const id = await bet(token, [{ selectionId: e.markets[0].selections[0].id, odds: '2.50' }]);
    await settle(e.markets[0].id, results(e, 0));
    const again = await settle(e.markets[0].id, results(e, 0));
    assert.equal(again.errors, undefined);
    assert.equal(await balance(token), '115.00');
    const other = await settle(e.markets[0].id, results(e, 1));
    assert.equal(other.errors?.[0]?.extensions?.code, 'MARKET_CLOSED');
    const sql = postgres(database.url, { max: 1 });
    const [{ count }] = await sql`select count(*)::int as count from ledger_transactions where kind = 'BET_SETTLE' and reference = ${id}`;
    await sql.end();
    assert.equal(count, 1);
  });

  it('answers bad settlement input with typed errors and changes nothing', async () => {
    const e = await event();
    const [home, draw] = e.markets[0].selections;
    const codes = async (r: Array<{ selectionId: string; result: string }>, marketId = e.markets[0].id, token = trader) =>
      (await gql(url, `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id } }`, { m: marketId, r }, token)).errors?.map((x: any) => x.extensions?.code);
    assert.deepEqual(await codes([{ selectionId: home.id, result: 'WON' }]), ['BAD_USER_INPUT']);
    assert.deepEqual(await codes([...results(e, 0), { selectionId: home.id, result: 'LOST' }]), ['BAD_USER_INPUT']);
    assert.deepEqual(await codes([{ selectionId: home.id, result: 'WON' }, { selectionId: draw.id, result: 'LOST' }, { selectionId: '00000000-0000-0000-0000-000000000000', result: 'LOST' }]), ['BAD_USER_INPUT']);
    assert.deepEqual(await codes(results(e, 0), '00000000-0000-0000-0000-000000000000'), ['NOT_FOUND']);
    assert.deepEqual(await codes(results(e, 0), e.markets[0].id, await bettor()), ['FORBIDDEN']);
    const unsettled = await unsettle(e.markets[0].id);
    assert.equal(unsettled.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const market = await gql(url, `query($id: ID!) { event(id: $id) { markets { status selections { status } } } }`, { id: e.id });
    assert.deepEqual(market.data.event.markets[0], { status: 'OPEN', selections: [{ status: 'OPEN' }, { status: 'OPEN' }, { status: 'OPEN' }] });
  });
});

describe('resettlement', () => {
  it('reverses payouts with new entries, reopens the bets, and pays the new outcome on resettling', async () => {
    const token = await bettor();
    const e = await event();
    const winner = await bet(token, [{ selectionId: e.markets[0].selections[0].id, odds: '2.50' }]);
    const loser = await bet(token, [{ selectionId: e.markets[0].selections[1].id, odds: '3.00' }]);
    await settle(e.markets[0].id, results(e, 0));
    assert.equal(await balance(token), '105.00');
    const updates = collect(wsClient(url, { token }), `subscription { betUpdated { kind bet { id status } } }`);
    disposers.push(() => updates.dispose());
    await new Promise((r) => setTimeout(r, 300));
    const undone = await unsettle(e.markets[0].id);
    assert.equal(undone.data.unsettleMarket.status, 'SUSPENDED');
    assert.deepEqual([(await betOf(token, winner)).status, (await betOf(token, loser)).status], ['OPEN', 'OPEN']);
    assert.equal((await betOf(token, winner)).payout, '0.00');
    assert.equal(await balance(token), '80.00');
    await updates.until((m) => m.filter((u) => u.data.betUpdated.kind === 'RESETTLED').length === 2);
    await settle(e.markets[0].id, results(e, 1));
    assert.deepEqual([(await betOf(token, winner)).status, (await betOf(token, loser)).status], ['LOST', 'WON']);
    assert.equal(await balance(token), '110.00');
    await assertLedgerInvariants(database.url);
  });

  it('takes back spent winnings as a debt that later credits repay', async () => {
    const token = await bettor('10.00');
    const e = await event();
    const other = await event();
    await bet(token, [{ selectionId: e.markets[0].selections[0].id, odds: '2.50' }]); // all 10.00
    await settle(e.markets[0].id, results(e, 0));
    assert.equal(await balance(token), '25.00');
    await bet(token, [{ selectionId: other.markets[0].selections[0].id, odds: '2.50' }], '20.00');
    assert.equal(await balance(token), '5.00');
    await unsettle(e.markets[0].id); // takes back 25.00 from a wallet of 5.00: 20.00 owed
    assert.equal(await balance(token), '0.00');
    await gql(url, `mutation { deposit(amount: "30.00", idempotencyKey: "after-debt") { __typename } }`, {}, token);
    assert.equal(await balance(token), '10.00');
    await assertLedgerInvariants(database.url);
  });

  it('leaves a bet cashed out before settlement untouched by settlement', async () => {
    const token = await bettor();
    const e = await event();
    const id = await bet(token, [{ selectionId: e.markets[0].selections[0].id, odds: '2.50' }]);
    const offer = (await gql(url, `mutation($b: ID!) { requestCashout(betId: $b) { ... on CashoutOffer { id amount } } }`, { b: id }, token)).data.requestCashout;
    await gql(url, `mutation($o: ID!) { acceptCashout(offerId: $o) { __typename } }`, { o: offer.id }, token);
    const before = await balance(token);
    await settle(e.markets[0].id, results(e, 0));
    assert.equal((await betOf(token, id)).status, 'CASHED_OUT');
    assert.equal(await balance(token), before);
  });

  it('lets exactly one of a cashout acceptance and a settlement racing on one bet win', async () => {
    for (let round = 0; round < 5; round++) {
      const token = await bettor();
      const e = await event();
      const id = await bet(token, [{ selectionId: e.markets[0].selections[0].id, odds: '2.50' }]);
      const offer = (await gql(url, `mutation($b: ID!) { requestCashout(betId: $b) { ... on CashoutOffer { id amount } } }`, { b: id }, token)).data.requestCashout;
      const [accepted] = await Promise.all([
        gql(url, `mutation($o: ID!) { acceptCashout(offerId: $o) { __typename ... on Rejection { code } } }`, { o: offer.id }, token),
        settle(e.markets[0].id, results(e, 0)),
      ]);
      assert.ok(accepted.data, JSON.stringify(accepted.errors));
      const final = await betOf(token, id);
      if (accepted.data.acceptCashout.__typename === 'CashoutAccepted') {
        assert.equal(final.status, 'CASHED_OUT');
        assert.equal(await balance(token), `${90 + Number(offer.amount.split('.')[0])}.${offer.amount.split('.')[1]}`);
      } else {
        assert.equal(accepted.data.acceptCashout.code, 'CASHOUT_UNAVAILABLE');
        assert.equal(final.status, 'WON');
        assert.equal(await balance(token), '115.00');
      }
    }
    await assertLedgerInvariants(database.url);
  });

  it('settles a partly cashed-out bet on its remaining stake, adding to what it paid', async () => {
    const token = await bettor();
    const e = await event();
    const id = await bet(token, [{ selectionId: e.markets[0].selections[0].id, odds: '2.50' }]);
    const half = (await gql(url, `mutation($b: ID!) { requestCashout(betId: $b, percent: 50) { ... on CashoutOffer { id amount } } }`, { b: id }, token)).data.requestCashout;
    await gql(url, `mutation($o: ID!) { acceptCashout(offerId: $o) { __typename } }`, { o: half.id }, token);
    await settle(e.markets[0].id, results(e, 0));
    const final = await betOf(token, id);
    assert.deepEqual([final.status, final.stake, final.payout], ['WON', '5.00', '17.25']); // 4.75 cashed + 12.50 won
    assert.equal(await balance(token), '107.25');
    await assertLedgerInvariants(database.url);
  });
});
