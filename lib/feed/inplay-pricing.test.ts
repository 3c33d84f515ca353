import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ODDS, MIN_ODDS } from '../money';
import { loadEnv } from '../env';
import { DEFAULT_DRIFT_MS } from './book';
import { DEFAULT_MARGIN_BPS } from './odds-model';
import { rejectedShare, replayMatch } from './replay-pricing';

const env = loadEnv({});
const defaults = { speed: env.FEED_MATCH_SPEED, driftMs: DEFAULT_DRIFT_MS, betStopMs: 4000, marginBps: DEFAULT_MARGIN_BPS };

describe('in-play pricing at the default speed, drift and delay', () => {
  for (const sport of ['football', 'tennis', 'basketball'] as const) {
    it(`lets at least nine in-play ${sport} bets in ten stand, while each match changes a price at least every 15 s`, () => {
      let seconds = 0;
      let changes = 0;
      const shares: number[] = [];
      for (let seed = 1; seed <= 4; seed += 1) {
        const replayed = replayMatch(sport, seed, defaults);
        seconds += replayed.ticks.length;
        changes += replayed.changes;
        shares.push(rejectedShare(replayed.ticks, env.INPLAY_DELAY_MS));
      }
      const rejected = shares.reduce((a, b) => a + b, 0) / shares.length;
      // Below 10% with room for what the model leaves out: the money's own moves, request times.
      assert.ok(rejected <= 0.08, `${(rejected * 100).toFixed(1)}% of ${sport} bets would be rejected`);
      assert.ok(seconds / changes <= 12, `a ${sport} match changes a price every ${(seconds / changes).toFixed(1)} s`);
    });
  }

  it('keeps every price within 1.01 to 1000.00 and every book near its 5% margin', () => {
    for (const sport of ['football', 'tennis', 'basketball'] as const) {
      for (const { kind, odds } of replayMatch(sport, 9, defaults).books) {
        for (const o of odds) assert.ok(Number.isInteger(o) && o >= MIN_ODDS && o <= MAX_ODDS, `${sport} ${kind}: ${odds.join('/')}`);
        const overround = odds.reduce((sum, o) => sum + 100 / o, 0);
        // A near-certain outcome is floored at 1.01, which can take the book just under 100%.
        const floor = odds.includes(MIN_ODDS) ? 0.98 : 1.02;
        assert.ok(overround >= floor && overround <= 1.08, `${sport} ${kind}: ${odds.join('/')} has an overround of ${overround.toFixed(3)}`);
      }
    }
  });
});
