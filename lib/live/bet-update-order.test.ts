import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { createTestDatabase, testEnv, type TestDatabase } from '../../e2e/support/services';
import { signUp } from '../auth/accounts';
import { acceptDueBets } from '../bets/accept-pending-bets';
import { placeBet } from '../bets/place-bet';
import { acceptCashout } from '../cashout/accept-cashout';
import { requestCashout } from '../cashout/request-cashout';
import { createEvent } from '../markets/create-event';
import { getMarketsByEvent } from '../markets/read-markets';
import { setMarketStatus } from '../markets/set-market-status';
import { createRuntime, type Runtime } from '../runtime';
import { settleMarket } from '../settlement/settle-market';
import { deposit } from '../wallet/deposit';

// One user's bets changed by every kind of writer at once, through two runtimes (two pools) on one
// database: placements, the acceptor's rejections, leg updates from suspensions and from settling
// one leg of accumulators, cashouts. What the user's stream delivers (outbox rows in cursor order)
// and each bet's timeline must tell the same story in the same order, and nothing but a
// resettlement may follow a bet's terminal update.

const DELAY_MS = 150;
let database: TestDatabase;
const runtimes: Runtime[] = [];

before(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 2; i++) runtimes.push(await createRuntime(testEnv(database.url, { INPLAY_DELAY_MS: String(DELAY_MS), BET_RATE_PER_MINUTE: '100000' })));
});

after(async () => {
  for (const runtime of runtimes) await runtime.close();
  await database?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const on = (i: number) => runtimes[i % runtimes.length];
const TERMINAL = new Set(['REJECTED', 'CASHED_OUT', 'SETTLED']);

async function event(live: boolean) {
  const created = await createEvent(on(0), {
    sport: 'football',
    home: `H${randomUUID().slice(0, 6)}`,
    away: `A${randomUUID().slice(0, 6)}`,
    startsAt: new Date(Date.now() + (live ? 0 : 3_600_000)),
    live,
    markets: [{ name: 'Winner', selections: [{ name: 'Home', odds: 180 }, { name: 'Away', odds: 210 }] }],
  });
  if (!created.ok) throw new Error(created.message);
  return (await getMarketsByEvent(on(0).db, [created.value.id])).get(created.value.id)![0];
}

/** One round: a user's bets written by every writer at once. */
async function round(userId: string): Promise<void> {
  const [first, second, live] = [await event(false), await event(false), await event(true)];
  const acca = (i: number) =>
    placeBet(on(i), userId, {
      legs: [{ selectionId: first.selections[0].id, oddsHundredths: 180 }, { selectionId: second.selections[0].id, oddsHundredths: 180 }],
      stakeMinor: 100n,
      idempotencyKey: randomUUID(),
      policy: 'ANY',
    });
  const single = (i: number) => placeBet(on(i), userId, { legs: [{ selectionId: live.selections[i % 2].id, oddsHundredths: 180 }], stakeMinor: 100n, idempotencyKey: randomUUID(), policy: 'ANY' });
  const placed = await Promise.all(Array.from({ length: 8 }, (_, i) => acca(i)));
  // Singles on the first market, settled during the round.
  await Promise.all([0, 1].map((i) => placeBet(on(i), userId, { legs: [{ selectionId: first.selections[i].id, oddsHundredths: i === 0 ? 180 : 210 }], stakeMinor: 100n, idempotencyKey: randomUUID(), policy: 'ANY' })));
  const open = placed.flatMap((p) => (p.ok ? [p.betId] : []));
  // A market of the bet may be suspended for the moment: asks again until the deadline.
  const cashout = async (i: number, betId: string, untilMs: number) => {
    while (Date.now() < untilMs) {
      const offer = await requestCashout(on(i), userId, betId, 100);
      if (offer.ok && (await acceptCashout(on(i + 1), userId, offer.value.id)).ok) return;
      await sleep(10);
    }
  };
  const acceptor = async (i: number, untilMs: number) => {
    while (Date.now() < untilMs) {
      await acceptDueBets(on(i));
      await sleep(5);
    }
  };
  // Suspending and reopening a market tells every live bet on it (LEG_UPDATED), racing whatever
  // else is deciding, cashing out or settling those bets.
  const toggle = async (i: number, marketId: string, untilMs: number) => {
    while (Date.now() < untilMs) {
      await setMarketStatus(on(i), marketId, 'SUSPENDED');
      await setMarketStatus(on(i + 1), marketId, 'OPEN');
    }
  };
  const untilMs = Date.now() + DELAY_MS + 600;
  const settleFirst = first.selections.map((s, i) => ({ selectionId: s.id, result: i === 0 ? ('WON' as const) : ('LOST' as const) }));
  await Promise.all([
    ...Array.from({ length: 12 }, (_, i) => sleep(i * 25).then(() => single(i))),
    ...Array.from({ length: 4 }, (_, i) => acca(i)),
    sleep(10).then(() => setMarketStatus(on(0), live.id, 'SUSPENDED')),
    sleep(DELAY_MS).then(() => toggle(1, live.id, untilMs)),
    sleep(5).then(() => settleMarket(on(1), first.id, settleFirst)),
    ...open.slice(0, 6).map((betId, i) => sleep(i * 40).then(() => cashout(i, betId, untilMs))),
    toggle(0, second.id, untilMs),
    sleep(20).then(() => toggle(1, second.id, untilMs)),
    acceptor(0, untilMs),
    acceptor(1, untilMs),
  ]);
  while ((await acceptDueBets(on(0))) > 0);
}

describe("the order of a user's bet updates", () => {
  it('lists every bet’s timeline in the order its owner’s stream delivers it, with nothing after a terminal update', { timeout: 120_000 }, async () => {
    const user = await signUp(on(0).db, `order_${randomUUID().slice(0, 8)}`, 'password123');
    if (!user.ok) throw new Error(user.message);
    await deposit(on(0).db, user.value.id, 1_000_000n, 'seed', 10_000_000n);
    for (let i = 0; i < 6; i++) await round(user.value.id);

    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const stream = await sql`select payload->>'betId' as bet, payload->>'kind' as kind from outbox where user_id = ${user.value.id} order by id`;
      const timeline = await sql`select e.bet_id::text as bet, e.kind from bet_events e join bets b on b.id = e.bet_id where b.user_id = ${user.value.id} order by e.id`;
      const byBet = (rows: Iterable<{ bet: string; kind: string }>) => {
        const map = new Map<string, string[]>();
        for (const row of rows) map.set(row.bet, [...(map.get(row.bet) ?? []), row.kind]);
        return map;
      };
      const streamed = byBet(stream as unknown as Array<{ bet: string; kind: string }>);
      const listed = byBet(timeline as unknown as Array<{ bet: string; kind: string }>);
      assert.ok(streamed.size >= 40, `the rounds placed bets (${streamed.size})`);
      const kinds = new Set(stream.map((r) => r.kind as string));
      assert.ok(['PLACED', 'REJECTED', 'LEG_UPDATED', 'CASHED_OUT', 'SETTLED'].every((k) => kinds.has(k)), `every kind of update happened: ${[...kinds]}`);
      const misordered = [...streamed].filter(([bet, kinds]) => JSON.stringify(kinds) !== JSON.stringify(listed.get(bet)));
      assert.deepEqual(misordered.map(([bet, kinds]) => ({ bet, stream: kinds, timeline: listed.get(bet) })), [], 'timeline order = stream order');
      const afterTerminal = [...streamed].filter(([, kinds]) => kinds.some((kind, i) => kind === 'LEG_UPDATED' && kinds.slice(0, i).some((k) => TERMINAL.has(k))));
      assert.deepEqual(afterTerminal.map(([bet, kinds]) => ({ bet, kinds })), [], 'no LEG_UPDATED after a terminal update');
    } finally {
      await sql.end();
    }
  });
});
