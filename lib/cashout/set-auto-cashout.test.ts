import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
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
import { requestCashout } from './request-cashout';
import { setAutoCashout } from './set-auto-cashout';

describe('an auto-cashout target set while the bet is cashed out', () => {
  const test = useTestRuntime({ BET_RATE_PER_MINUTE: '100000', CASHOUT_REQUESTS_PER_MINUTE: '100000' });

  it('never stays on a bet that the cashout closed: the target is refused or cleared, whichever comes first', async () => {
    const { runtime } = test;
    const event = await createEvent(runtime, {
      sport: 'football',
      home: `R${randomUUID().slice(0, 6)}`,
      away: `A${randomUUID().slice(0, 6)}`,
      startsAt: new Date(Date.now() + 3_600_000),
      markets: [{ name: 'Winner', selections: [{ name: 'Home', odds: 180 }, { name: 'Away', odds: 210 }] }],
    });
    assert.ok(event.ok);
    const selectionId = (await getMarketsByEvent(runtime.db, [event.value.id])).get(event.value.id)![0].selections[0].id;
    const user = await signUp(runtime.db, `race_${randomUUID().slice(0, 8)}`, 'password123');
    assert.ok(user.ok);
    const userId = user.value.id;
    assert.ok((await deposit(runtime.db, userId, 1_000_000n, 'd', 10_000_000n)).ok);

    const rounds = 40;
    const offers = await Promise.all(
      Array.from({ length: rounds }, async () => {
        const placed = await placeBet(runtime, userId, { legs: [{ selectionId, oddsHundredths: 180 }], stakeMinor: 1_000n, idempotencyKey: randomUUID(), policy: 'NONE' });
        assert.ok(placed.ok);
        const offer = await requestCashout(runtime, userId, placed.betId);
        assert.ok(offer.ok, offer.ok ? '' : offer.message);
        return { betId: placed.betId, offerId: offer.value.id };
      }),
    );
    // Each bet's cashout and a new target for it, fired at once.
    const answers = await Promise.all(
      offers.map(async ({ betId, offerId }) => {
        const [accepted, set] = await Promise.all([acceptCashout(runtime, userId, offerId), setAutoCashout(runtime, userId, betId, 500n)]);
        return { betId, accepted: accepted.ok, set };
      }),
    );
    assert.ok(answers.some((a) => a.accepted), 'the cashouts went through');
    for (const { set } of answers) assert.ok(set.ok || set.code === 'CASHOUT_UNAVAILABLE', JSON.stringify(set));
    const left = rowsOf<{ id: string }>(
      await runtime.db.execute(sql`select id from bets where user_id = ${userId} and status = 'CASHED_OUT' and auto_cashout_target_minor is not null`),
    );
    assert.deepEqual(left.map((r) => r.id), [], 'no cashed-out bet keeps a target');
  });
});
