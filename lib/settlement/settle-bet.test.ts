import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { settleBet } from './settle-bet';

const leg = (status: 'OPEN' | 'WON' | 'LOST' | 'VOID', oddsHundredths = 200) => ({ status, oddsHundredths });

describe('settlement rules', () => {
  it('pays a won single stake x odds, rounded down', () => {
    assert.deepEqual(settleBet(333n, [leg('WON', 215)]), { status: 'WON', payoutMinor: 715n });
  });
  it('pays a won accumulator on the product of its legs', () => {
    assert.deepEqual(settleBet(1000n, [leg('WON', 210), leg('WON', 190), leg('WON', 175)]), { status: 'WON', payoutMinor: 6982n });
  });
  it('loses the bet when any leg lost', () => {
    assert.deepEqual(settleBet(1000n, [leg('WON'), leg('LOST'), leg('VOID')]), { status: 'LOST', payoutMinor: 0n });
  });
  it('counts void legs as 1.00', () => {
    assert.deepEqual(settleBet(1000n, [leg('WON', 250), leg('VOID', 400)]), { status: 'WON', payoutMinor: 2500n });
  });
  it('refunds the stake when every leg is void', () => {
    assert.deepEqual(settleBet(1234n, [leg('VOID'), leg('VOID')]), { status: 'VOID', payoutMinor: 1234n });
  });
  it('waits while any leg is open, even after another leg lost', () => {
    assert.equal(settleBet(1000n, [leg('LOST'), leg('OPEN')]), null);
    assert.equal(settleBet(1000n, []), null);
  });
  it('depends on the legs and not their order, rounding once, down, for any stake and settled legs', () => {
    const settled = fc.record({ status: fc.constantFrom('WON' as const, 'LOST' as const, 'VOID' as const), oddsHundredths: fc.integer({ min: 101, max: 100_000 }) });
    const legsInTwoOrders = fc
      .array(settled, { minLength: 1, maxLength: 20 })
      .chain((legs) => fc.tuple(fc.constant(legs), fc.shuffledSubarray(legs, { minLength: legs.length, maxLength: legs.length })));
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 9n }), legsInTwoOrders, (stakeMinor, [legs, reordered]) => {
        const outcome = settleBet(stakeMinor, legs);
        assert.deepEqual(settleBet(stakeMinor, reordered), outcome);
        if (outcome?.status !== 'WON') return;
        // Exactly floor(stake x product of the won legs' odds): one rounding, in the house's favour.
        const won = legs.filter((l) => l.status === 'WON');
        const exact = won.reduce((product, l) => product * BigInt(l.oddsHundredths), stakeMinor);
        const scale = 100n ** BigInt(won.length);
        assert.ok(outcome.payoutMinor * scale <= exact && exact < (outcome.payoutMinor + 1n) * scale);
      }),
    );
  });
});
