import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../db/rows';
import { useTestRuntime } from '../../e2e/support/runtime';
import { signUp } from '../auth/accounts';
import { placeBet } from '../bets/place-bet';
import { createEvent } from '../markets/create-event';
import { getMarketsByEvent } from '../markets/read-markets';
import { deposit } from '../wallet/deposit';
import { acceptCashout } from './accept-cashout';
import { pruneCashoutOffers } from './prune-offers';
import { requestCashout } from './request-cashout';

const HOUR = 3_600_000;

describe('pruning cashout offers', () => {
  const test = useTestRuntime({ BET_RATE_PER_MINUTE: '100000' });

  /** Offers of a fresh bettor's bet: three quotes (two superseded, one open), then, on a second bet, one accepted. */
  async function offers(name: string) {
    const { runtime } = test;
    const event = await createEvent(runtime, {
      sport: 'football',
      home: `${name}H`,
      away: `${name}A`,
      startsAt: new Date(Date.now() + HOUR),
      markets: [{ name: 'Winner', selections: [{ name: 'Home', odds: 180 }, { name: 'Away', odds: 210 }] }],
    });
    assert.ok(event.ok);
    const markets = (await getMarketsByEvent(runtime.db, [event.value.id])).get(event.value.id)!;
    const user = await signUp(runtime.db, name, 'password123');
    assert.ok(user.ok);
    assert.ok((await deposit(runtime.db, user.value.id, 10_000n, 'd', runtime.env.DEPOSIT_LIMIT_DEFAULT)).ok);
    const bets: string[] = [];
    for (const key of ['a', 'b']) {
      const placed = await placeBet(runtime, user.value.id, { legs: [{ selectionId: markets[0].selections[0].id, oddsHundredths: 180 }], stakeMinor: 1_000n, idempotencyKey: key, policy: 'NONE' });
      assert.ok(placed.ok, placed.ok ? '' : placed.message);
      bets.push(placed.betId);
    }
    const quoted: string[] = [];
    for (let i = 0; i < 3; i++) {
      const offer = await requestCashout(runtime, user.value.id, bets[0]);
      assert.ok(offer.ok);
      quoted.push(offer.value.id);
    }
    const taken = await requestCashout(runtime, user.value.id, bets[1]);
    assert.ok(taken.ok);
    assert.ok((await acceptCashout(runtime, user.value.id, taken.value.id)).ok);
    return { userId: user.value.id, quoted, accepted: taken.value.id };
  }

  const statuses = async (ids: string[]) =>
    rowsOf<{ id: string; status: string }>(
      await test.runtime.db.execute(sql`select id, status from cashout_offers where id = any(${sql.param(ids)}::uuid[]) order by created_at`),
    ).map((r) => r.status);
  const expire = (ids: string[], agoMs: number) =>
    test.runtime.db.execute(sql`update cashout_offers set expires_at = ${new Date(Date.now() - agoMs).toISOString()}::timestamptz where id = any(${sql.param(ids)}::uuid[])`);

  it('deletes offers that expired longer ago than the retention and were not accepted; keeps accepted and recent ones', async () => {
    const { quoted, accepted } = await offers('pruner1');
    assert.deepEqual(await statuses(quoted), ['SUPERSEDED', 'SUPERSEDED', 'OPEN']);
    // The first superseded and the open quote expired two hours ago, the second 10 minutes ago; the accepted offer long ago.
    await expire([quoted[0], quoted[2], accepted], 2 * HOUR);
    await expire([quoted[1]], 10 * 60_000);

    assert.ok((await pruneCashoutOffers(test.runtime.db, HOUR)) >= 2);
    assert.deepEqual(await statuses(quoted), ['SUPERSEDED']);
    assert.deepEqual(await statuses([accepted]), ['ACCEPTED']);
    assert.equal(await pruneCashoutOffers(test.runtime.db, HOUR), 0, 'a second run finds nothing more');
  });

  it('answers an accept of a pruned offer with NOT_FOUND, and a repeated accept of an accepted one as before', async () => {
    const { userId, quoted, accepted } = await offers('pruner2');
    await expire([...quoted, accepted], 2 * HOUR);
    await pruneCashoutOffers(test.runtime.db, HOUR);
    const pruned = await acceptCashout(test.runtime, userId, quoted[2]);
    assert.equal(pruned.ok ? 'accepted' : pruned.code, 'NOT_FOUND');
    const repeated = await acceptCashout(test.runtime, userId, accepted);
    assert.ok(repeated.ok && repeated.replayed);
  });
});
