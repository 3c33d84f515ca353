import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedFor, newMatch, parseFeedState, type MatchState } from './match-state';
import { planMarketChanges } from './plan-market-changes';
import { createRandom } from './random';
import { SPORT_IDS, type SportId } from './sport-feed';

/** Plays a whole match in steps of four match seconds; returns it with the match time it took, its clocks and incidents. */
function playOut(sport: SportId, seed: number) {
  const feed = feedFor(sport);
  const random = createRandom(seed);
  let match: MatchState = feed.create(random);
  let elapsedMs = 0;
  const incidents: string[] = [];
  const clocks = new Set<string>();
  while (!feed.finished(match) && elapsedMs < 5 * 60 * 60 * 1000) {
    const step = feed.advance(match, 4000, random);
    match = step.match;
    elapsedMs += 4000;
    incidents.push(...step.incidents.map((i) => i.type));
    clocks.add(feed.clock(match));
  }
  return { feed, match, elapsedMs, incidents, clocks: [...clocks] };
}

describe('match simulation', () => {
  for (const sport of SPORT_IDS) {
    it(`plays a ${sport} match to the end in about as long as a real one`, () => {
      for (let seed = 1; seed <= 20; seed += 1) {
        const { feed, match, elapsedMs } = playOut(sport, seed);
        assert.ok(feed.finished(match), `seed ${seed} did not finish`);
        assert.ok(elapsedMs >= 60 * 60_000 && elapsedMs <= 3 * 60 * 60_000, `seed ${seed} took ${elapsedMs / 60_000} minutes`);
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
    const { clocks, incidents, match } = playOut('football', 5);
    for (const clock of ["1'", "46'", 'HT', "90'", 'FT']) assert.ok(clocks.includes(clock), `no ${clock} in ${clocks.join(' ')}`);
    assert.ok(clocks.some((c) => /^45\+\d'$/.test(c)) && clocks.some((c) => /^90\+\d'$/.test(c)), 'no stoppage time shown');
    const score = feedFor('football').score(match);
    assert.equal(incidents.filter((i) => i === 'goal').length, score.home + score.away, 'every goal is an incident');
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
    assert.ok(clocks.includes('Q1 11:59') && clocks.includes('End Q1') && clocks.includes('HT') && clocks.some((c) => c.startsWith('Final')), clocks.join(' '));
  });

  it('starts a warmed-up match part-way through, never already finished', () => {
    const random = createRandom(9);
    const match = newMatch('football', random, 40 * 60_000);
    assert.ok(!feedFor('football').finished(match));
    assert.notEqual(feedFor('football').clock(match), "1'");
  });

  it('carries on a match stored before incident-driven pricing, with the fields it lacked', () => {
    const stored = {
      version: 1,
      atMs: 5,
      betStopUntilMs: 9,
      match: { sport: 'football', period: 'second', clockSeconds: 3000, breakSeconds: 0, addedFirstMinutes: 2, addedSecondMinutes: 3, home: 1, away: 0, baseRateHome: 1.5, baseRateAway: 1.1, rateHome: 1.5, rateAway: 1.1 },
    };
    const state = parseFeedState(stored, 'football');
    assert.ok(state);
    assert.equal(state.book, null);
    const feed = feedFor('football');
    const { match } = feed.advance(state.match, 60_000, createRandom(1));
    assert.equal(feed.clock(match), "52'");
    assert.deepEqual(Object.keys(feed.probabilities(match)).sort(), ['both_teams_to_score', 'draw_no_bet', 'match_result', 'total_cards', 'total_corners', 'total_goals_2_5', 'total_goals_3_5']);
  });

  it('reads back a stored feed state only for its own sport', () => {
    const match = newMatch('tennis', createRandom(1));
    const stored = JSON.parse(JSON.stringify({ version: 1, match, atMs: 5, book: null }));
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

  const none = new Set<string>();
  const pricing = (suspended: string[], reprice: string[] | 'all') => ({ suspended: new Set(suspended), reprice: reprice === 'all' ? ('all' as const) : new Set(reprice), marginBps: 500 });

  it('reprices the open markets it is told to and lists only the selections whose odds moved', () => {
    const plan = planMarketChanges([market('a', 'OPEN', [190, 300])], { a: [0.5, 0.5] }, {}, pricing([], ['a']));
    assert.deepEqual(plan, { statuses: [], odds: [{ selectionId: 'a-1', odds: 190 }], results: [] });
  });

  it('leaves the odds of open markets alone when they are not due a re-price', () => {
    const markets = [market('a', 'OPEN', [150, 300]), market('b', 'OPEN', [150, 300])];
    assert.deepEqual(planMarketChanges(markets, { a: [0.5, 0.5], b: [0.5, 0.5] }, {}, pricing([], ['b'])).odds.map((o) => o.selectionId), ['b-0', 'b-1']);
    assert.deepEqual(planMarketChanges(markets, { a: [0.5, 0.5], b: [0.5, 0.5] }, {}, { suspended: none, reprice: none, marginBps: 500 }), { statuses: [], odds: [], results: [] });
  });

  it('suspends only the markets under a bet stop, without moving their odds, then reopens them with new odds', () => {
    const markets = [market('a', 'OPEN', [150, 300]), market('b', 'OPEN', [150, 300])];
    const during = planMarketChanges(markets, { a: [0.5, 0.5], b: [0.5, 0.5] }, {}, pricing(['a'], ['a']));
    assert.deepEqual(during, { statuses: [{ marketId: 'a-m', status: 'SUSPENDED' }], odds: [], results: [] });
    // Reopening re-prices even when the book did not list the market.
    const after = planMarketChanges([market('a', 'SUSPENDED', [150, 300])], { a: [0.5, 0.5] }, {}, pricing([], []));
    assert.deepEqual(after.statuses, [{ marketId: 'a-m', status: 'OPEN' }]);
    assert.equal(after.odds.length, 2);
  });

  it('closes decided markets with their results and leaves settled or unknown markets alone', () => {
    const plan = planMarketChanges(
      [market('a', 'OPEN', [150, 300]), market('b', 'SETTLED', [150, 300]), market('c', 'OPEN', [150, 300])],
      { a: [1, 0], b: [0.5, 0.5] },
      { a: ['WON', 'LOST'], b: ['LOST', 'WON'] },
      pricing([], 'all'),
    );
    assert.deepEqual(plan.statuses, [{ marketId: 'a-m', status: 'SUSPENDED' }]);
    assert.deepEqual(plan.results, [{ selectionId: 'a-0', result: 'WON' }, { selectionId: 'a-1', result: 'LOST' }]);
    assert.deepEqual(plan.odds, []);
  });
});

describe('the feed and the money together', () => {
  it('prices the model’s probabilities moved by the money skew, keeping the margin', () => {
    const base = planMarketChanges([{ id: 'm', kind: 'a', status: 'OPEN', selections: [{ id: 'x', odds: 200, result: null, moneySkewBps: 0 }, { id: 'y', odds: 200, result: null, moneySkewBps: 0 }] }], { a: [0.5, 0.5] }, {}, { suspended: new Set(), reprice: 'all', marginBps: 500 });
    const skewed = planMarketChanges([{ id: 'm', kind: 'a', status: 'OPEN', selections: [{ id: 'x', odds: 200, result: null, moneySkewBps: 600 }, { id: 'y', odds: 200, result: null, moneySkewBps: -600 }] }], { a: [0.5, 0.5] }, {}, { suspended: new Set(), reprice: 'all', marginBps: 500 });
    const price = (plan: typeof base, id: string) => plan.odds.find((o) => o.selectionId === id)?.odds ?? 200;
    assert.ok(price(skewed, 'x') < price(base, 'x'), 'the selection with the money shortens');
    assert.ok(price(skewed, 'y') > price(base, 'y'), 'the other lengthens');
  });
});
