import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
  it('gives the same answer when asked twice (settling is a pure function of the legs)', () => {
    const legs = [leg('WON', 150), leg('VOID')];
    assert.deepEqual(settleBet(500n, legs), settleBet(500n, legs));
  });
});
