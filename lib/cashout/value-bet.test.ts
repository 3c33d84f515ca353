import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
    assert.equal(amount(valueBet({ status: 'OPEN', stakeMinor: 333n }, [leg()], 33)), 104n); // 3.33 x 0.33 x 0.95 = 1.0439...
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
});
