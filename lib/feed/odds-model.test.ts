import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_ODDS, MIN_ODDS } from '../money';
import { basketballProbabilities, basketballTotal, footballProbabilities, poissonTotal, priceWithMargin, tennisProbabilities, type TennisInput } from './odds-model';
import { expectedMatchGames } from './tennis-model';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const overround = (odds: readonly number[]) => sum(odds.map((o) => 100 / o));
const kickOff = { home: 0, away: 0, rateHome: 1.6, rateAway: 1.1, minutesLeft: 90 };
const tennisStart: TennisInput = { serveHome: 0.66, serveAway: 0.62, setsHome: 0, setsAway: 0, gamesHome: 0, gamesAway: 0, pointsHome: 0, pointsAway: 0, server: 'home' };
const tipOff = { home: 0, away: 0, rateHome: 2.3, rateAway: 2.2, minutesLeft: 48, totalLine: 216.5, handicap: -4.5 };

function assertProbabilities(ps: readonly number[]) {
  assert.ok(Math.abs(sum(ps) - 1) < 1e-9, `probabilities ${ps.join(', ')} sum to ${sum(ps)}`);
  for (const p of ps) assert.ok(p >= 0 && p <= 1, `${p} is not a probability`);
}

describe('priceWithMargin', () => {
  it('prices a market with an overround equal to the margin, within rounding', () => {
    for (const ps of [[0.5, 0.5], [0.46, 0.26, 0.28], [0.1, 0.2, 0.3, 0.4], [0.8, 0.2]]) {
      for (const marginBps of [0, 500, 800]) {
        const odds = priceWithMargin(ps, marginBps);
        // Rounding odds by up to half a hundredth moves each implied probability by about 50 / odds².
        const slack = sum(odds.map((o) => 50 / (o * o))) + 1e-9;
        assert.ok(Math.abs(overround(odds) - (1 + marginBps / 10_000)) <= slack, `${odds.join('/')} at ${marginBps} bps`);
      }
    }
  });

  it('keeps every price an integer between 1.01 and 1000.00, even for certain and impossible outcomes', () => {
    for (const ps of [[1, 0], [0.999999, 0.000001], [0, 0, 1], [1e-12, 1 - 1e-12], [0.3, 0.7]]) {
      for (const odds of priceWithMargin(ps)) {
        assert.ok(Number.isInteger(odds) && odds >= MIN_ODDS && odds <= MAX_ODDS, `${odds} is out of range`);
      }
    }
    assert.deepEqual(priceWithMargin([1, 0]), [MIN_ODDS, MAX_ODDS]);
  });

  it('gives shorter odds to the likelier outcome', () => {
    const [favourite, outsider] = priceWithMargin([0.7, 0.3]);
    assert.ok(favourite < outsider);
  });

  it('rejects probabilities that are negative, not numbers or all zero', () => {
    assert.throws(() => priceWithMargin([0.5, -0.1]), RangeError);
    assert.throws(() => priceWithMargin([Number.NaN, 1]), RangeError);
    assert.throws(() => priceWithMargin([0, 0]), RangeError);
  });
});

describe('football model', () => {
  it('gives probabilities that sum to 1 for every market', () => {
    for (const state of [kickOff, { ...kickOff, home: 2, away: 1, minutesLeft: 30 }, { ...kickOff, minutesLeft: 0 }]) {
      const p = footballProbabilities(state);
      assertProbabilities(p.matchResult);
      assertProbabilities(p.totalGoals);
      assertProbabilities(p.bothTeamsToScore);
    }
  });

  it("shortens the leading team's odds as time runs out", () => {
    let previous = { odds: Infinity, p: 0 };
    for (const minutesLeft of [80, 60, 40, 20, 10, 5, 1]) {
      const p = footballProbabilities({ ...kickOff, home: 1, away: 0, minutesLeft }).matchResult;
      const [odds] = priceWithMargin(p);
      assert.ok(p[0] > previous.p, `home chance ${p[0]} with ${minutesLeft}' left did not grow from ${previous.p}`);
      // Strictly shorter until the odds reach the 1.01 floor.
      assert.ok(odds < previous.odds || odds === MIN_ODDS, `home odds ${odds} with ${minutesLeft}' left did not shorten from ${previous.odds}`);
      previous = { odds, p: p[0] };
    }
    assert.ok(previous.odds < 110);
  });

  it('makes over 2.5 certain, at the minimum odds, once three goals are in', () => {
    const p = footballProbabilities({ ...kickOff, home: 2, away: 1, minutesLeft: 40 });
    assert.equal(p.totalGoals[0], 1);
    assert.deepEqual(priceWithMargin(p.totalGoals), [MIN_ODDS, MAX_ODDS]);
  });

  it('makes both teams to score certain once both have scored', () => {
    assert.equal(footballProbabilities({ ...kickOff, home: 1, away: 1, minutesLeft: 50 }).bothTeamsToScore[0], 1);
  });

  it('favours the stronger side before kick-off and knows the result at full time', () => {
    const before = footballProbabilities(kickOff).matchResult;
    assert.ok(before[0] > before[2]);
    assert.deepEqual(footballProbabilities({ ...kickOff, home: 0, away: 2, minutesLeft: 0 }).matchResult, [0, 0, 1]);
  });

  it('prices over and under 3.5 goals, certain once four are in', () => {
    const p = footballProbabilities(kickOff);
    assertProbabilities(p.totalGoals35);
    assert.ok(p.totalGoals35[0] < p.totalGoals[0], 'over 3.5 is less likely than over 2.5');
    assert.deepEqual(footballProbabilities({ ...kickOff, home: 3, away: 1, minutesLeft: 20 }).totalGoals35, [1, 0]);
  });

  it('prices corner and card totals from the count so far and the rate of what is still to come', () => {
    assertProbabilities(poissonTotal(4, 5, 9.5));
    assert.ok(poissonTotal(6, 5, 9.5)[0] > poissonTotal(4, 5, 9.5)[0], 'more corners taken make the over likelier');
    assert.ok(poissonTotal(4, 2, 9.5)[0] < poissonTotal(4, 5, 9.5)[0], 'less time left makes it less likely');
    assert.deepEqual(poissonTotal(10, 3, 9.5), [1, 0]);
    assert.deepEqual(poissonTotal(3, 0, 3.5), [0, 1]);
    // With a mean of 10 still to come from nothing, over 9.5 is a little better than even.
    assert.ok(Math.abs(poissonTotal(0, 10, 9.5)[0] - 0.542) < 0.001);
  });

  it('is deterministic: the same inputs give the same odds', () => {
    assert.deepEqual(priceWithMargin(footballProbabilities(kickOff).matchResult), priceWithMargin(footballProbabilities(kickOff).matchResult));
  });
});

describe('tennis model', () => {
  it('gives match and set probabilities that sum to 1', () => {
    const p = tennisProbabilities({ ...tennisStart, setsAway: 1, gamesHome: 4, gamesAway: 5, pointsHome: 2, pointsAway: 3 });
    assertProbabilities(p.match);
    assertProbabilities(p.currentSet);
    assertProbabilities(p.freshSet);
  });

  it('is an even contest between equal players from the start', () => {
    const p = tennisProbabilities({ ...tennisStart, serveHome: 0.64, serveAway: 0.64 });
    assert.ok(Math.abs(p.match[0] - 0.5) < 1e-9);
  });

  it('raises the chances of the player who wins more games, sets and points', () => {
    const match = (input: Partial<TennisInput>) => tennisProbabilities({ ...tennisStart, ...input }).match[0];
    assert.ok(match({ gamesHome: 3, gamesAway: 1 }) > match({ gamesHome: 2, gamesAway: 1 }));
    assert.ok(match({ setsHome: 1 }) > match({}));
    assert.ok(match({ setsHome: 1, gamesHome: 5, gamesAway: 2 }) > match({ setsHome: 1 }));
    assert.ok(match({ pointsHome: 3 }) > match({ pointsHome: 2 }));
    assert.ok(match({ serveHome: 0.7 }) > match({ serveHome: 0.66 }));
  });

  it('prices the tiebreak at 6-6 as the set decider', () => {
    const ahead = tennisProbabilities({ ...tennisStart, gamesHome: 6, gamesAway: 6, pointsHome: 6, pointsAway: 2 });
    const behind = tennisProbabilities({ ...tennisStart, gamesHome: 6, gamesAway: 6, pointsHome: 2, pointsAway: 6 });
    assert.ok(ahead.currentSet[0] > 0.9);
    assert.ok(behind.currentSet[0] < 0.1);
  });

  it('prices total games in the match and in a set, with lines near even at the first point', () => {
    const expected = expectedMatchGames(0.64, 0.62);
    assert.ok(expected > 19 && expected < 27, `a match is expected to last ${expected} games`);
    const line = Math.floor(expected - 0.5) + 0.5;
    const p = tennisProbabilities({ ...tennisStart, totalGamesLine: line, setGamesLine: 9.5 });
    assertProbabilities(p.totalGames);
    assertProbabilities(p.currentSetGames);
    assert.ok(p.totalGames[0] > 0.3 && p.totalGames[0] < 0.7, `over ${line} has ${p.totalGames[0]}`);
    // At 5-5 the set has ten games already: over 9.5 is certain; the match total counts played sets.
    assert.ok(tennisProbabilities({ ...tennisStart, gamesHome: 5, gamesAway: 5, setGamesLine: 9.5 }).currentSetGames[0] > 1 - 1e-9);
    assert.ok(tennisProbabilities({ ...tennisStart, setsHome: 1, gamesPlayed: 13, gamesHome: 6, gamesAway: 5, totalGamesLine: 22.5 }).totalGames[0] > 1 - 1e-9);
    const closer = tennisProbabilities({ ...tennisStart, gamesHome: 4, gamesAway: 4, totalGamesLine: line, setGamesLine: 9.5 });
    assert.ok(closer.currentSetGames[0] > p.currentSetGames[0], 'a close set makes the over likelier');
  });

  it('knows the winner once a player has two sets', () => {
    assert.deepEqual(tennisProbabilities({ ...tennisStart, setsHome: 2, setsAway: 1 }).match, [1, 0]);
  });
});

describe('basketball model', () => {
  it('gives probabilities that sum to 1, with no draw', () => {
    const p = basketballProbabilities({ ...tipOff, home: 50, away: 47, minutesLeft: 20 });
    assertProbabilities(p.moneyline);
    assertProbabilities(p.totalPoints);
    assertProbabilities(p.handicap);
  });

  it('shortens the leader as time runs out and as the lead grows', () => {
    const home = (input: Partial<typeof tipOff>) => basketballProbabilities({ ...tipOff, ...input }).moneyline[0];
    assert.ok(home({ home: 80, away: 75, minutesLeft: 5 }) > home({ home: 80, away: 75, minutesLeft: 20 }));
    assert.ok(home({ home: 80, away: 70, minutesLeft: 10 }) > home({ home: 80, away: 75, minutesLeft: 10 }));
    assert.equal(home({ home: 101, away: 100, minutesLeft: 0 }), 1);
  });

  it('makes the over likelier as points go in and certain past the line', () => {
    const over = (input: Partial<typeof tipOff>) => basketballProbabilities({ ...tipOff, ...input }).totalPoints[0];
    assert.ok(over({ home: 60, away: 60, minutesLeft: 24 }) > over({ home: 50, away: 50, minutesLeft: 24 }));
    assert.ok(over({ home: 110, away: 107, minutesLeft: 6 }) > 0.999);
  });

  it("prices each team's own total and a half's total like the game's", () => {
    const p = basketballProbabilities({ ...tipOff, homeLine: 110.5, awayLine: 105.5 });
    assertProbabilities(p.homeTotal);
    assertProbabilities(p.awayTotal);
    assert.ok(Math.abs(p.homeTotal[0] - 0.5) < 0.1 && Math.abs(p.awayTotal[0] - 0.5) < 0.1, `${p.homeTotal} ${p.awayTotal}`);
    assert.ok(basketballProbabilities({ ...tipOff, home: 60, minutesLeft: 24, homeLine: 110.5 }).homeTotal[0] > p.homeTotal[0]);
    assert.deepEqual(basketballTotal(111, 2.3, 0, 110.5), [1, 0]);
    assert.deepEqual(basketballTotal(80, 2.3, 0, 110.5), [0, 1]);
  });

  it('prices the handicap near even at tip-off when the line matches the expected margin', () => {
    const [covers] = basketballProbabilities({ ...tipOff, handicap: -4.5 }).handicap;
    assert.ok(Math.abs(covers - 0.5) < 0.05, `home covers with ${covers}`);
  });
});
