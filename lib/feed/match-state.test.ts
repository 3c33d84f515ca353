import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedFor, newMatch, parseFeedState, type MatchState } from './match-state';
import { planMarketChanges } from './plan-market-changes';
import { createRandom } from './random';
import { SPORT_IDS, type SportId } from './sport-feed';

/** Plays a whole match in one-second steps; returns it with the real time it took and its clocks. */
function playOut(sport: SportId, seed: number) {
  const feed = feedFor(sport);
  const random = createRandom(seed);
  let match: MatchState = feed.create(random);
  let elapsedMs = 0;
  let betStops = 0;
  const clocks = new Set<string>();
  while (!feed.finished(match) && elapsedMs < 60 * 60 * 1000) {
    const step = feed.advance(match, 1000, random);
    match = step.match;
    elapsedMs += 1000;
    if (step.betStop) betStops += 1;
    clocks.add(feed.clock(match));
  }
  return { feed, match, elapsedMs, betStops, clocks: [...clocks] };
}

describe('match simulation', () => {
  for (const sport of SPORT_IDS) {
    it(`plays a ${sport} match to the end in a few real minutes`, () => {
      for (let seed = 1; seed <= 20; seed += 1) {
        const { feed, match, elapsedMs } = playOut(sport, seed);
        assert.ok(feed.finished(match), `seed ${seed} did not finish`);
        assert.ok(elapsedMs >= 3 * 60_000 && elapsedMs <= 16 * 60_000, `seed ${seed} took ${elapsedMs / 60_000} minutes`);
      }
    });

    it(`records a result for every selection of every ${sport} market at the end`, () => {
      const { feed, match } = playOut(sport, 3);
      const results = feed.results(match);
      for (const market of feed.markets(match, 'Home', 'Away')) {
        const result = results[market.kind];
        assert.ok(result, `${market.kind} has no result`);
        assert.equal(result.length, market.selections.length);
        const won = result.filter((r) => r === 'WON').length;
        assert.ok(won === 1 || result.every((r) => r === 'VOID'), `${market.kind}: ${result.join(',')}`);
      }
    });

    it(`replays a ${sport} match exactly from the same seed`, () => {
      assert.deepEqual(playOut(sport, 11).match, playOut(sport, 11).match);
    });
  }

  it('shows football clocks as minutes, half time and full time', () => {
    const { clocks, betStops, match } = playOut('football', 5);
    for (const clock of ["1'", "46'", 'HT', "90'", 'FT']) assert.ok(clocks.includes(clock), `no ${clock} in ${clocks.join(' ')}`);
    assert.ok(clocks.some((c) => /^45\+\d'$/.test(c)) && clocks.some((c) => /^90\+\d'$/.test(c)), 'no stoppage time shown');
    const score = feedFor('football').score(match);
    assert.ok(betStops >= 1 && betStops <= score.home + score.away, 'a goal stops betting');
  });

  it('shows tennis clocks as set, games and points', () => {
    const { clocks } = playOut('tennis', 5);
    assert.ok(clocks.includes('Set 1 · 0-0 · 15-0') || clocks.includes('Set 1 · 0-0 · 0-15'));
    assert.ok(clocks.every((c) => /^Set [1-3] · \d-\d · (\d+|A)-(\d+|A)$|^Set [1-3] · 6-6 · TB \d+-\d+$|^Final · /.test(c)), clocks.join(' | '));
  });

  it('voids the third-set market of a straight-sets tennis match', () => {
    for (let seed = 1; seed < 100; seed += 1) {
      const { feed, match } = playOut('tennis', seed);
      if (feed.score(match).home + feed.score(match).away !== 2) continue;
      assert.deepEqual(feed.results(match).set_3_winner, ['VOID', 'VOID']);
      return;
    }
    assert.fail('no straight-sets match in 100 seeds');
  });

  it('shows basketball clocks as quarter and time left', () => {
    const { clocks } = playOut('basketball', 5);
    assert.ok(clocks.includes('Q1 11:54') && clocks.includes('End Q1') && clocks.includes('HT') && clocks.some((c) => c.startsWith('Final')));
  });

  it('starts a warmed-up match part-way through, never already finished', () => {
    const random = createRandom(9);
    const match = newMatch('football', random, 4 * 60_000);
    assert.ok(!feedFor('football').finished(match));
    assert.notEqual(feedFor('football').clock(match), "1'");
  });

  it('reads back a stored feed state only for its own sport', () => {
    const match = newMatch('tennis', createRandom(1));
    const stored = JSON.parse(JSON.stringify({ version: 1, match, atMs: 5, betStopUntilMs: null }));
    assert.deepEqual(parseFeedState(stored, 'tennis')?.match, match);
    assert.equal(parseFeedState(stored, 'football'), null);
    assert.equal(parseFeedState({ version: 2, match }, 'tennis'), null);
    assert.equal(parseFeedState(null, 'tennis'), null);
  });
});

describe('planMarketChanges', () => {
  const market = (kind: string, status: 'OPEN' | 'SUSPENDED' | 'SETTLED', odds: number[]) => ({
    id: `${kind}-m`,
    kind,
    status,
    selections: odds.map((o, i) => ({ id: `${kind}-${i}`, odds: o, result: null, moneySkewBps: 0 })),
  });

  it('reprices open markets and lists only the selections whose odds moved', () => {
    const plan = planMarketChanges([market('a', 'OPEN', [190, 300])], { a: [0.5, 0.5] }, {}, { betStop: false, marginBps: 500 });
    assert.deepEqual(plan, { statuses: [], odds: [{ selectionId: 'a-1', odds: 190 }], results: [] });
  });

  it('suspends every market during a bet stop without moving odds, then reopens with new odds', () => {
    const during = planMarketChanges([market('a', 'OPEN', [150, 300])], { a: [0.5, 0.5] }, {}, { betStop: true, marginBps: 500 });
    assert.deepEqual(during, { statuses: [{ marketId: 'a-m', status: 'SUSPENDED' }], odds: [], results: [] });
    const after = planMarketChanges([market('a', 'SUSPENDED', [150, 300])], { a: [0.5, 0.5] }, {}, { betStop: false, marginBps: 500 });
    assert.deepEqual(after.statuses, [{ marketId: 'a-m', status: 'OPEN' }]);
    assert.equal(after.odds.length, 2);
  });

  it('closes decided markets with their results and leaves settled or unknown markets alone', () => {
    const plan = planMarketChanges(
      [market('a', 'OPEN', [150, 300]), market('b', 'SETTLED', [150, 300]), market('c', 'OPEN', [150, 300])],
      { a: [1, 0], b: [0.5, 0.5] },
      { a: ['WON', 'LOST'], b: ['LOST', 'WON'] },
      { betStop: false, marginBps: 500 },
    );
    assert.deepEqual(plan.statuses, [{ marketId: 'a-m', status: 'SUSPENDED' }]);
    assert.deepEqual(plan.results, [{ selectionId: 'a-0', result: 'WON' }, { selectionId: 'a-1', result: 'LOST' }]);
    assert.deepEqual(plan.odds, []);
  });
});

describe('the feed and the money together', () => {
  it('prices the model’s probabilities moved by the money skew, keeping the margin', () => {
    const base = planMarketChanges([{ id: 'm', kind: 'a', status: 'OPEN', selections: [{ id: 'x', odds: 200, result: null, moneySkewBps: 0 }, { id: 'y', odds: 200, result: null, moneySkewBps: 0 }] }], { a: [0.5, 0.5] }, {}, { betStop: false, marginBps: 500 });
    const skewed = planMarketChanges([{ id: 'm', kind: 'a', status: 'OPEN', selections: [{ id: 'x', odds: 200, result: null, moneySkewBps: 600 }, { id: 'y', odds: 200, result: null, moneySkewBps: -600 }] }], { a: [0.5, 0.5] }, {}, { betStop: false, marginBps: 500 });
    const price = (plan: typeof base, id: string) => plan.odds.find((o) => o.selectionId === id)?.odds ?? 200;
    assert.ok(price(skewed, 'x') < price(base, 'x'), 'the selection with the money shortens');
    assert.ok(price(skewed, 'y') > price(base, 'y'), 'the other lengthens');
  });
});
