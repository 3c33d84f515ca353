import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { priceWithMargin } from '../feed/odds-model';
import { adjustOdds, SKEW, skewProbabilities, stepSkews, targetSkews } from './money-skew';

const overround = (odds: number[]) => odds.reduce((a, o) => a + 100 / o, 0) - 1;

describe('odds that respond to the money', () => {
  it('shortens the selection carrying more liability and lengthens the others', () => {
    const targets = targetSkews([50_000n, 10_000n, 10_000n], 30_000n);
    assert.ok(targets[0] > 0 && targets[1] < 0 && targets[2] < 0, JSON.stringify(targets));
    const before = priceWithMargin([0.4, 0.3, 0.3], 500);
    const after = priceWithMargin(skewProbabilities([0.4, 0.3, 0.3], stepSkews([0, 0, 0], targets, [0, 0, 0])), 500);
    assert.ok(after[0] < before[0], `${after[0]} < ${before[0]}`);
    assert.ok(after[1] > before[1] && after[2] > before[2]);
  });

  it('keeps the market overround', () => {
    const fair = [0.5, 0.3, 0.2];
    const skewed = priceWithMargin(skewProbabilities(fair, [600, -300, -300]), 500);
    assert.ok(Math.abs(overround(skewed) - overround(priceWithMargin(fair, 500))) < 0.01);
  });

  it('moves at most one step per bet and at most a minute’s worth per minute', () => {
    assert.deepEqual(stepSkews([0, 0], [1500, -1500], [0, 0]), [SKEW.stepBps, -SKEW.stepBps]);
    assert.deepEqual(stepSkews([400, 0], [1500, 0], [500, 0]), [500, 0]);
    assert.deepEqual(stepSkews([600, 0], [1500, 0], [600, 0]), [600, 0]);
  });

  it('never targets beyond the largest skew, and barely moves on small money', () => {
    assert.deepEqual(targetSkews([10_000_000n, 0n], 10_000_000n), [500, -500]);
    assert.deepEqual(targetSkews([100_000_000n, 0n], 10_000_000n), [SKEW.maxBps, -SKEW.maxBps]);
    // A 10.00 bet at 2.10 in an empty market: a nudge of about 0.1%.
    const small = targetSkews([2100n, 0n, 0n], 1000n);
    assert.ok(Math.abs(small[0]) <= 15, JSON.stringify(small));
  });

  it('moves existing prices by the change of skew, keeping the book, and leaves them for a tiny change', () => {
    const odds = [250, 300, 400];
    assert.deepEqual(adjustOdds(odds, [0, 0, 0], [1, -1, 0]), odds);
    const moved = adjustOdds(odds, [0, 0, 0], [200, -100, -100]);
    assert.ok(moved[0] < 250 && moved[1] > 300 && moved[2] > 400, JSON.stringify(moved));
    assert.ok(Math.abs(overround(moved) - overround(odds)) < 0.005);
  });
});
