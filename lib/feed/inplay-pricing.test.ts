import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ODDS, MIN_ODDS } from '../money';
import { loadEnv } from '../env';
import { DEFAULT_DRIFT_MS, planBook, type BookState } from './book';
import { feedFor, type MatchState } from './match-state';
import { DEFAULT_MARGIN_BPS, priceWithMargin } from './odds-model';
import { createRandom } from './random';
import type { SportId } from './sport-feed';

const env = loadEnv({});
const BET_STOP_MS = 4000;

/**
 * Plays a whole match at the default match speed, one tick a second, through the same book and
 * pricing the simulator uses, and records every tick's prices (null while suspended or decided).
 */
function playPriced(sport: SportId, seed: number) {
  const feed = feedFor(sport);
  const random = createRandom(seed);
  let match: MatchState = feed.create(random);
  const specs = feed.markets(match, 'Home', 'Away');
  const start = feed.probabilities(match);
  const odds = new Map(specs.map((s) => [s.kind, priceWithMargin(start[s.kind], DEFAULT_MARGIN_BPS)]));
  const status = new Map(specs.map((s) => [s.kind, 'OPEN' as 'OPEN' | 'SUSPENDED' | 'CLOSED']));
  const books: Array<{ kind: string; odds: number[] }> = [];
  let book: BookState | null = null;
  const ticks: Array<Map<string, number | null>> = [];
  let changes = 0;
  for (let second = 1; !feed.finished(match); second += 1) {
    const step = feed.advance(match, 1000 * env.FEED_MATCH_SPEED, random);
    match = step.match;
    const kinds = specs.map((s) => s.kind).filter((k) => status.get(k) !== 'CLOSED');
    const effects = step.incidents.map((i) => feed.effect(i, match));
    const plan = planBook(book, { kinds, effects, held: feed.held(match), nowMs: second * 1000 }, { betStopMs: BET_STOP_MS, driftMs: DEFAULT_DRIFT_MS }, random);
    book = plan.book;
    const results = feed.results(match);
    let probabilities: Record<string, number[]> | null = null;
    let changed = false;
    for (const kind of kinds) {
      if (results[kind]) {
        status.set(kind, 'CLOSED');
        continue;
      }
      const want = plan.suspended.has(kind) ? 'SUSPENDED' : 'OPEN';
      if (want === 'OPEN' && (plan.reprice.has(kind) || status.get(kind) === 'SUSPENDED')) {
        probabilities ??= feed.probabilities(match);
        const fresh = priceWithMargin(probabilities[kind], DEFAULT_MARGIN_BPS);
        if (fresh.some((o, i) => o !== odds.get(kind)?.[i])) changed = true;
        odds.set(kind, fresh);
        books.push({ kind, odds: fresh });
      }
      status.set(kind, want);
    }
    if (changed) changes += 1;
    const prices = new Map<string, number | null>();
    for (const [kind, list] of odds) list.forEach((o, i) => prices.set(`${kind}:${i}`, status.get(kind) === 'OPEN' ? o : null));
    ticks.push(prices);
  }
  return { ticks, changes, books };
}

/**
 * The share of bets that would be rejected: a bet on each open selection at each tick, decided
 * `delayMs` later (placed at a uniform moment within the second), rejected if its price changed or
 * its market is not open then.
 */
function rejectedShare(ticks: Array<Map<string, number | null>>, delayMs: number): number {
  const whole = Math.floor(delayMs / 1000);
  const fraction = delayMs / 1000 - whole;
  let bets = 0;
  let rejected = 0;
  for (let t = 0; t + whole + 1 < ticks.length; t += 1) {
    for (const [key, price] of ticks[t]) {
      if (price === null) continue;
      bets += 1;
      if (ticks[t + whole].get(key) !== price) rejected += 1;
      else if (ticks[t + whole + 1].get(key) !== price) rejected += fraction;
    }
  }
  return rejected / bets;
}

describe('in-play pricing at the default speed, drift and delay', () => {
  for (const sport of ['football', 'tennis', 'basketball'] as const) {
    it(`lets at least nine in-play ${sport} bets in ten stand, while each match changes a price at least every 15 s`, () => {
      let seconds = 0;
      let changes = 0;
      const shares: number[] = [];
      for (let seed = 1; seed <= 4; seed += 1) {
        const played = playPriced(sport, seed);
        seconds += played.ticks.length;
        changes += played.changes;
        shares.push(rejectedShare(played.ticks, env.INPLAY_DELAY_MS));
      }
      const rejected = shares.reduce((a, b) => a + b, 0) / shares.length;
      assert.ok(rejected <= 0.08, `${(rejected * 100).toFixed(1)}% of ${sport} bets would be rejected`);
      assert.ok(seconds / changes <= 12, `a ${sport} match changes a price every ${(seconds / changes).toFixed(1)} s`);
    });
  }

  it('keeps every price within 1.01 to 1000.00 and every book near its 5% margin', () => {
    for (const sport of ['football', 'tennis', 'basketball'] as const) {
      for (const { kind, odds } of playPriced(sport, 9).books) {
        for (const o of odds) assert.ok(Number.isInteger(o) && o >= MIN_ODDS && o <= MAX_ODDS, `${sport} ${kind}: ${odds.join('/')}`);
        const overround = odds.reduce((sum, o) => sum + 100 / o, 0);
        // A near-certain outcome is floored at 1.01, which can take the book just under 100%.
        const floor = odds.includes(MIN_ODDS) ? 0.98 : 1.02;
        assert.ok(overround >= floor && overround <= 1.08, `${sport} ${kind}: ${odds.join('/')} has an overround of ${overround.toFixed(3)}`);
      }
    }
  });
});
