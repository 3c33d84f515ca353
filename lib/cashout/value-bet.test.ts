import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { valueBet, type ValuedLeg } from './value-bet';

const leg = (overrides: Partial<ValuedLeg> = {}): ValuedLeg => ({
  selectionId: 's',
  placedOdds: 200,
  status: 'OPEN',
  currentOdds: 200,
  marketStatus: 'OPEN',
  eventStatus: 'LIVE',
  hasResult: false,
  ...overrides,
});
const open = { status: 'OPEN' as const, stakeMinor: 1000n };
const amount = (v: ReturnType<typeof valueBet>) => (v.ok ? v.amountMinor : v.reason);

describe('cashout valuation', () => {
  it('values an unchanged single at its stake less the margin', () => {
    assert.equal(amount(valueBet(open, [leg()], 100)), 950n);
  });

  it('rises when the selection shortens and falls when it drifts', () => {
    assert.equal(amount(valueBet(open, [leg({ currentOdds: 125 })], 100)), 1520n); // 10 x 2.00 / 1.25 x 0.95
    assert.equal(amount(valueBet(open, [leg({ currentOdds: 400 })], 100)), 475n);
  });

  it('rounds down to the cent', () => {
    // 10.00 x 2.00 / 3.00 x 0.95 = 6.3333...
    assert.equal(amount(valueBet(open, [leg({ currentOdds: 300 })], 100)), 633n);
  });

  it('values a part of the stake in proportion', () => {
    const half = valueBet(open, [leg({ currentOdds: 125 })], 50);
    assert.ok(half.ok);
    assert.equal(half.amountMinor, 760n);
    assert.equal(half.stakePortionMinor, 500n);
    // The part is rounded down first (3.33 x 0.33 = 1.0989 -> 1.09) and the value is that part's: 1.09 x 0.95 = 1.0355.
    const third = valueBet({ status: 'OPEN', stakeMinor: 333n }, [leg()], 33);
    assert.equal(amount(third), 103n);
    assert.equal(third.ok && third.stakePortionMinor, 109n);
  });

  it('counts won legs at their placed odds and void legs as 1.00 in an accumulator', () => {
    const legs = [leg({ selectionId: 'a', placedOdds: 150, status: 'WON' }), leg({ selectionId: 'b', placedOdds: 300, status: 'VOID' }), leg({ selectionId: 'c', placedOdds: 200, currentOdds: 160 })];
    // 10 x 1.50 x 1.00 x 2.00 / 1.60 x 0.95 = 17.8125
    const value = valueBet(open, legs, 100);
    assert.equal(amount(value), 1781n);
    assert.deepEqual(value.ok && value.openOdds, [{ selectionId: 'c', odds: 160 }]);
  });

  it('pays a bet whose legs have all won at its full payout less the margin', () => {
    assert.equal(amount(valueBet(open, [leg({ status: 'WON', placedOdds: 250 })], 100)), 2375n);
  });

  it('offers nothing once a leg has lost', () => {
    assert.equal(amount(valueBet(open, [leg({ selectionId: 'a', status: 'LOST' }), leg({ selectionId: 'b' })], 100)), 'LEG_LOST');
  });

  it('is suspended while a market is suspended or an event is between states', () => {
    assert.equal(amount(valueBet(open, [leg({ marketStatus: 'SUSPENDED' })], 100)), 'SUSPENDED');
    assert.equal(amount(valueBet(open, [leg({ eventStatus: 'FINISHED' })], 100)), 'SUSPENDED');
    assert.equal(amount(valueBet(open, [leg({ hasResult: true })], 100)), 'SUSPENDED');
    // A suspended market on a leg that already won does not matter.
    assert.equal(amount(valueBet(open, [leg({ status: 'WON', marketStatus: 'SETTLED', eventStatus: 'FINISHED' })], 100)), 1900n);
  });

  it('offers nothing for bets that are not open', () => {
    for (const status of ['PENDING', 'WON', 'LOST', 'VOID', 'CASHED_OUT', 'REJECTED'] as const) {
      assert.equal(amount(valueBet({ status, stakeMinor: 1000n }, [leg()], 100)), 'BET_NOT_OPEN');
    }
  });

  it('refuses a percent outside 1 to 100', () => {
    for (const percent of [0, 101, -1, 1.5]) assert.throws(() => valueBet(open, [leg()], percent), RangeError);
  });

  it('refuses a part whose stake or value rounds to zero as TOO_SMALL, and a whole bet worth nothing as NO_VALUE', () => {
    // 1% of 0.50 is half a cent of stake: nothing would leave the bet.
    assert.equal(amount(valueBet({ status: 'OPEN', stakeMinor: 50n }, [leg()], 1)), 'TOO_SMALL');
    // 1% of 1.00 at odds that drifted from 1.01 to 1000.00 is worth 0.0000959...: nothing to pay.
    assert.equal(amount(valueBet({ status: 'OPEN', stakeMinor: 100n }, [leg({ placedOdds: 101, currentOdds: 100_000 })], 1)), 'TOO_SMALL');
    assert.equal(amount(valueBet({ status: 'OPEN', stakeMinor: 1n }, [leg({ placedOdds: 101, currentOdds: 100_000 })], 100)), 'NO_VALUE');
  });

  it("pays 200 cashouts of 1% and then the rest no more than one full cashout (the issue's replay)", () => {
    // A 1.99 single at unchanged odds: the full cashout is 1.99 x 0.95 = 1.89. Valuing the exact
    // 1% share while removing only the whole cents of it paid 1.00 for 1.00 of stake 100 times
    // and then 0.94 for the 0.99 left: 1.94 in all.
    const legs = [leg()];
    const full = valueBet({ status: 'OPEN', stakeMinor: 199n }, legs, 100);
    assert.ok(full.ok);
    assert.equal(full.amountMinor, 189n);
    let stakeMinor = 199n;
    let paidMinor = 0n;
    for (let i = 0; i < 200; i += 1) {
      const part = valueBet({ status: 'OPEN', stakeMinor }, legs, 1);
      if (!part.ok) {
        assert.equal(part.reason, 'TOO_SMALL');
        continue;
      }
      paidMinor += part.amountMinor;
      stakeMinor -= part.stakePortionMinor;
    }
    const rest = valueBet({ status: 'OPEN', stakeMinor }, legs, 100);
    if (rest.ok) paidMinor += rest.amountMinor;
    assert.ok(paidMinor <= full.amountMinor, `paid ${paidMinor} in parts, more than the full ${full.amountMinor}`);
  });
});

/** A random bet as valuation sees it: 1 to 4 legs, open, won or void, all at the prices of one moment. */
const betArbitrary = fc.record({
  stakeMinor: fc.bigInt({ min: 1n, max: 100_000_000n }),
  marginBps: fc.integer({ min: 0, max: 2_000 }),
  legs: fc.array(
    fc.record({
      placedOdds: fc.integer({ min: 101, max: 100_000 }),
      currentOdds: fc.integer({ min: 101, max: 100_000 }),
      status: fc.constantFrom('OPEN', 'OPEN', 'WON', 'VOID') as fc.Arbitrary<'OPEN' | 'WON' | 'VOID'>,
    }),
    { minLength: 1, maxLength: 4 },
  ),
});
const legsOf = (legs: Array<{ placedOdds: number; currentOdds: number; status: 'OPEN' | 'WON' | 'VOID' }>) =>
  legs.map((l, i) => leg({ selectionId: `s${i}`, ...l }));

describe('cashout rounding favours the house', () => {
  it('never pays more in any sequence of partial cashouts and a final full one than one full cashout at the same prices', () => {
    fc.assert(
      fc.property(betArbitrary, fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 60 }), (bet, percents) => {
        const legs = legsOf(bet.legs);
        const full = valueBet({ status: 'OPEN', stakeMinor: bet.stakeMinor }, legs, 100, bet.marginBps);
        const fullMinor = full.ok ? full.amountMinor : 0n;
        let stakeMinor = bet.stakeMinor;
        let paidMinor = 0n;
        for (const percent of percents) {
          if (stakeMinor === 0n) break;
          const part = valueBet({ status: 'OPEN', stakeMinor }, legs, percent, bet.marginBps);
          if (!part.ok) {
            assert.ok(part.reason === 'TOO_SMALL' || part.reason === 'NO_VALUE', part.reason);
            continue;
          }
          assert.ok(part.amountMinor > 0n && part.stakePortionMinor > 0n, 'an offer always moves some stake and pays something');
          paidMinor += part.amountMinor;
          stakeMinor -= part.stakePortionMinor;
        }
        if (stakeMinor > 0n) {
          const rest = valueBet({ status: 'OPEN', stakeMinor }, legs, 100, bet.marginBps);
          if (rest.ok) paidMinor += rest.amountMinor;
        }
        assert.ok(paidMinor <= fullMinor, `paid ${paidMinor} over a sequence, more than one full cashout of ${fullMinor}`);
      }),
      { numRuns: 2_000 },
    );
  });

  it('rounds every value down: amount x denominator never exceeds the exact value of the stake that leaves', () => {
    fc.assert(
      fc.property(betArbitrary, fc.integer({ min: 1, max: 100 }), (bet, percent) => {
        const legs = legsOf(bet.legs);
        const value = valueBet({ status: 'OPEN', stakeMinor: bet.stakeMinor }, legs, percent, bet.marginBps);
        if (!value.ok) return;
        // The exact value as a fraction, computed independently of valueBet's loop.
        let numerator = value.stakePortionMinor * BigInt(10_000 - bet.marginBps);
        let denominator = 10_000n;
        for (const l of bet.legs) {
          if (l.status === 'VOID') continue;
          numerator *= BigInt(l.placedOdds);
          denominator *= l.status === 'WON' ? 100n : BigInt(l.currentOdds);
        }
        assert.ok(value.stakePortionMinor * 100n <= bet.stakeMinor * BigInt(percent), 'the portion is rounded down');
        assert.ok(value.amountMinor * denominator <= numerator, 'the amount is rounded down');
        assert.ok((value.amountMinor + 1n) * denominator > numerator, 'by less than a cent');
      }),
      { numRuns: 2_000 },
    );
  });
});
