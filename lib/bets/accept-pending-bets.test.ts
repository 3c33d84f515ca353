import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { createLiveTestEvent, useTestRuntime } from '../../e2e/support/runtime';
import { signUp } from '../auth/accounts';
import { setMarketStatus } from '../markets/set-market-status';
import { setOdds } from '../markets/set-odds';
import { settleMarket } from '../settlement/settle-market';
import { deposit } from '../wallet/deposit';
import { getBalance } from '../wallet/read-wallet';
import { acceptDueBets } from './accept-pending-bets';
import { placeBet } from './place-bet';
import type { OddsChangePolicy } from './price-bet';
import { getBet } from './read-bets';

// The in-play acceptor decides a bet as it stood when its delay ended (acceptAt), whenever it
// runs: nothing that happened after acceptAt may price or refuse it. No acceptor runs in the
// background here (a runtime, not a server), so each test decides when it runs.

const DELAY_MS = 300;
const test = useTestRuntime({ INPLAY_DELAY_MS: String(DELAY_MS) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function bettor(): Promise<string> {
  const { runtime } = test;
  const user = await signUp(runtime.db, `acc_${randomUUID().slice(0, 8)}`, 'password123');
  if (!user.ok) throw new Error(user.message);
  await deposit(runtime.db, user.value.id, 10_000n, 'seed', 1_000_000n);
  return user.value.id;
}

/** A live event (Alder 1.80, Birch 2.10) and a pending 10.00 single on Alder at 1.80. */
async function pendingBet(policy: OddsChangePolicy) {
  const { runtime } = test;
  const userId = await bettor();
  const { markets } = await createLiveTestEvent(runtime);
  const [market] = markets;
  const selectionId = market.selections[0].id;
  const placed = await placeBet(runtime, userId, { legs: [{ selectionId, oddsHundredths: 180 }], stakeMinor: 1000n, idempotencyKey: randomUUID(), policy });
  assert.ok(placed.ok && !placed.replayed && placed.bet.status === 'PENDING', JSON.stringify(placed, (_, v) => (typeof v === 'bigint' ? String(v) : v)));
  const acceptAtMs = placed.bet.acceptAt!.getTime();
  return { userId, betId: placed.betId, selectionId, market, acceptAtMs };
}

const untilPast = async (atMs: number) => sleep(Math.max(0, atMs - Date.now()) + 50);
const decide = async () => acceptDueBets(test.runtime);
const bet = async (userId: string, betId: string) => (await getBet(test.runtime.db, userId, betId))!;

describe('deciding an in-play bet at the end of its delay', () => {
  it('prices a bet at the odds in force at acceptAt: a change before counts, a change after does not', async () => {
    const { runtime } = test;
    const placed = await pendingBet('ANY');
    assert.ok((await setOdds(runtime, placed.selectionId, 200)).ok);
    await untilPast(placed.acceptAtMs);
    assert.ok((await setOdds(runtime, placed.selectionId, 250)).ok);
    await decide();
    const decided = await bet(placed.userId, placed.betId);
    assert.equal(decided.status, 'OPEN');
    assert.equal(decided.legs[0].oddsHundredths, 200);
    assert.equal(decided.potentialPayoutMinor, 2000n);
  });

  it('accepts a bet whose odds moved against its policy only after acceptAt, at the odds it asked for', async () => {
    const { runtime } = test;
    const placed = await pendingBet('NONE');
    await untilPast(placed.acceptAtMs);
    assert.ok((await setOdds(runtime, placed.selectionId, 150)).ok);
    await decide();
    const decided = await bet(placed.userId, placed.betId);
    assert.deepEqual([decided.status, decided.legs[0].oddsHundredths, decided.potentialPayoutMinor], ['OPEN', 180, 1800n]);
  });

  it('does not reject a bet for a suspension after acceptAt', async () => {
    const { runtime } = test;
    const placed = await pendingBet('NONE');
    await untilPast(placed.acceptAtMs);
    assert.ok((await setMarketStatus(runtime, placed.market.id, 'SUSPENDED')).ok);
    await decide();
    assert.equal((await bet(placed.userId, placed.betId)).status, 'OPEN');
  });

  it('rejects and refunds a bet whose market was suspended at acceptAt, even if reopened before the acceptor ran', async () => {
    const { runtime } = test;
    const placed = await pendingBet('ANY');
    assert.ok((await setMarketStatus(runtime, placed.market.id, 'SUSPENDED')).ok);
    await untilPast(placed.acceptAtMs);
    assert.ok((await setMarketStatus(runtime, placed.market.id, 'OPEN')).ok);
    await decide();
    const decided = await bet(placed.userId, placed.betId);
    assert.deepEqual([decided.status, decided.rejectionCode], ['REJECTED', 'MARKET_SUSPENDED']);
    assert.equal(await getBalance(runtime.db, placed.userId), 10_000n, 'the stake came back');
  });

  it('accepts and settles at once a bet whose market was settled after acceptAt but before the acceptor ran', async () => {
    const { runtime } = test;
    const placed = await pendingBet('NONE');
    await untilPast(placed.acceptAtMs);
    const results = placed.market.selections.map((s, i) => ({ selectionId: s.id, result: i === 0 ? ('WON' as const) : ('LOST' as const) }));
    assert.ok((await settleMarket(runtime, placed.market.id, results)).ok);
    await decide();
    const decided = await bet(placed.userId, placed.betId);
    assert.deepEqual([decided.status, decided.payoutMinor], ['WON', 1800n]);
    assert.equal(await getBalance(runtime.db, placed.userId), 10_000n - 1000n + 1800n);
  });
});
