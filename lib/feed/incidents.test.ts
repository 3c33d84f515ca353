import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { feedFor, type MatchState } from './match-state';
import { createRandom } from './random';
import type { SportId } from './sport-feed';

/** Plays `matches` seeded matches of a sport in four-second steps and counts their incidents. */
function season(sport: SportId, matches: number, seed = 1) {
  const feed = feedFor(sport);
  const random = createRandom(seed);
  const counts: Record<string, number> = {};
  let minutes = 0;
  const scores: Array<{ home: number; away: number }> = [];
  for (let n = 0; n < matches; n += 1) {
    let match: MatchState = feed.create(random);
    while (!feed.finished(match)) {
      const step = feed.advance(match, 4000, random);
      match = step.match;
      minutes += 4 / 60;
      for (const incident of step.incidents) counts[incident.type] = (counts[incident.type] ?? 0) + 1;
    }
    scores.push(feed.score(match));
  }
  const perMatch = (type: string) => (counts[type] ?? 0) / matches;
  return { counts, perMatch, minutesPerMatch: minutes / matches, scores };
}

function within(label: string, value: number, min: number, max: number) {
  assert.ok(value >= min && value <= max, `${label}: ${value.toFixed(3)} is not within [${min}, ${max}]`);
}

describe('match incidents', () => {
  it('plays football at the rates of the big leagues: 2.7 goals, 10 corners, 4 cards, 0.3 penalties a match', () => {
    const { perMatch, scores } = season('football', 400);
    within('goals', perMatch('goal'), 2.45, 2.95);
    within('corners', perMatch('corner'), 9, 11.5);
    within('cards', perMatch('yellow_card') + perMatch('red_card'), 3.5, 4.6);
    within('red cards', perMatch('red_card'), 0.04, 0.25);
    within('penalties', perMatch('penalty_awarded'), 0.18, 0.42);
    within('dangerous attacks', perMatch('dangerous_attack'), 80, 100);
    within('free kicks near the box', perMatch('free_kick'), 5, 7.5);
    // Every penalty is taken: scored (a goal) or missed.
    assert.ok(perMatch('penalty_missed') < perMatch('penalty_awarded'));
    within('home wins', scores.filter((s) => s.home > s.away).length / scores.length, 0.38, 0.55);
    within('draws', scores.filter((s) => s.home === s.away).length / scores.length, 0.18, 0.32);
  });

  it('plays tennis with about 6 points a game, one game in five broken and 2.4 sets a match', () => {
    const { perMatch, minutesPerMatch } = season('tennis', 150);
    const games = perMatch('game') + perMatch('break');
    within('points per game', perMatch('point') / games, 5.6, 7.2);
    within('share of games broken', perMatch('break') / games, 0.14, 0.3);
    within('sets', perMatch('set'), 2.25, 2.55);
    within('break points per break', perMatch('break_point') / perMatch('break'), 1.5, 3.5);
    within('match minutes', minutesPerMatch, 80, 130);
    assert.equal(perMatch('match'), 1);
  });

  it('plays basketball with about 210 points, 14 timeouts and a few runs a game', () => {
    const { perMatch, scores, minutesPerMatch } = season('basketball', 150);
    within('points', scores.reduce((n, s) => n + s.home + s.away, 0) / scores.length, 195, 225);
    within('scoring plays', perMatch('score'), 85, 105);
    within('timeouts', perMatch('timeout'), 12, 17);
    within('runs of 8 unanswered points', perMatch('run'), 3, 10);
    within('period ends before the last', perMatch('period_end'), 3, 3.3);
    within('match minutes', minutesPerMatch, 115, 140);
    assert.equal(perMatch('full_time'), 1);
  });

  it('replays the same incidents from the same seed', () => {
    for (const sport of ['football', 'tennis', 'basketball'] as const) assert.deepEqual(season(sport, 3, 7).counts, season(sport, 3, 7).counts);
  });
});
