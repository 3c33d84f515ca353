import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planBook, type BookConfig, type BookState } from './book';
import { football, type FootballMatch } from './football';
import { createRandom } from './random';
import { basketball } from './basketball';
import { tennis } from './tennis';
import type { IncidentEffect } from './sport-feed';

const config: BookConfig = { betStopMs: 4000, driftMs: 60_000 };
const FOOTBALL_KINDS = football.markets(football.create(createRandom(1)), 'H', 'A').map((m) => m.kind);
const GOAL_KINDS = ['match_result', 'draw_no_bet', 'half_time_result', 'total_goals_2_5', 'total_goals_3_5', 'both_teams_to_score'];

/** Runs the book tick by tick (one a second) from `startMs`, feeding it the effects listed per tick. */
function run(options: { kinds: string[]; seconds: number; effects?: Record<number, IncidentEffect[]>; held?: (second: number) => readonly string[]; seed?: number; book?: BookState | null }) {
  const random = createRandom(options.seed ?? 1);
  let book = options.book ?? null;
  const ticks = [];
  for (let second = 0; second < options.seconds; second += 1) {
    const plan = planBook(book, { kinds: options.kinds, effects: options.effects?.[second] ?? [], held: options.held?.(second) ?? [], nowMs: second * 1000 }, config, random);
    book = plan.book;
    ticks.push({ second, suspended: [...plan.suspended].sort(), reprice: [...plan.reprice].sort() });
  }
  return { ticks, book };
}

describe('the book', () => {
  it('suspends exactly the markets a goal affects, for the bet stop, and re-prices them as they reopen', () => {
    const goal = football.effect({ type: 'goal', side: 'home' }, football.create(createRandom(1)));
    // Drifts are pushed out of the way, so only the goal moves anything.
    const book: BookState = { dueMs: Object.fromEntries(FOOTBALL_KINDS.map((k) => [k, 10_000_000])), stopUntilMs: {} };
    const { ticks } = run({ kinds: FOOTBALL_KINDS, seconds: 10, effects: { 2: [goal] }, book });
    assert.deepEqual(ticks[1], { second: 1, suspended: [], reprice: [] });
    for (const second of [2, 3, 4, 5]) assert.deepEqual(ticks[second].suspended, [...GOAL_KINDS].sort(), `second ${second}`);
    for (const second of [2, 3, 4, 5]) assert.deepEqual(ticks[second].reprice, [], `nothing is priced during the stop (second ${second})`);
    // 4 s after the goal the goal markets reopen, at a fresh price; corners and cards were never touched.
    assert.deepEqual(ticks[6], { second: 6, suspended: [], reprice: [...GOAL_KINDS].sort() });
    assert.deepEqual(ticks[7], { second: 7, suspended: [], reprice: [] });
    assert.ok(!GOAL_KINDS.includes('total_corners') && FOOTBALL_KINDS.includes('total_corners'));
  });

  it('extends a bet stop when a second incident comes during it', () => {
    const goal = football.effect({ type: 'goal', side: 'away' }, football.create(createRandom(1)));
    const book: BookState = { dueMs: Object.fromEntries(FOOTBALL_KINDS.map((k) => [k, 10_000_000])), stopUntilMs: {} };
    const { ticks } = run({ kinds: FOOTBALL_KINDS, seconds: 12, effects: { 1: [goal], 3: [goal] }, book });
    assert.deepEqual(ticks[5].suspended, [...GOAL_KINDS].sort());
    assert.deepEqual(ticks[6].suspended, [...GOAL_KINDS].sort());
    assert.deepEqual(ticks[7].reprice, [...GOAL_KINDS].sort());
  });

  it('re-prices a market an incident changes at once, without a stop', () => {
    const corner = football.effect({ type: 'corner', side: 'home' }, football.create(createRandom(1)));
    const book: BookState = { dueMs: Object.fromEntries(FOOTBALL_KINDS.map((k) => [k, 10_000_000])), stopUntilMs: {} };
    const { ticks } = run({ kinds: FOOTBALL_KINDS, seconds: 4, effects: { 2: [corner] }, book });
    assert.deepEqual(ticks.map((t) => t.reprice), [[], [], ['total_corners'], []]);
    assert.ok(ticks.every((t) => t.suspended.length === 0));
  });

  it('keeps the goal markets suspended from a penalty award to the kick, and re-prices them when released', () => {
    const match: FootballMatch = { ...football.create(createRandom(1)), penalty: { side: 'home', kickAtSeconds: 600 } };
    const book: BookState = { dueMs: Object.fromEntries(FOOTBALL_KINDS.map((k) => [k, 10_000_000])), stopUntilMs: {} };
    const { ticks } = run({ kinds: FOOTBALL_KINDS, seconds: 8, held: (second) => (second >= 2 && second < 5 ? football.held(match) : []), book });
    for (const second of [2, 3, 4]) assert.deepEqual(ticks[second].suspended, [...GOAL_KINDS].sort());
    assert.deepEqual(ticks[5], { second: 5, suspended: [], reprice: [...GOAL_KINDS].sort() });
    assert.deepEqual(ticks[6].reprice, []);
  });

  it('between incidents re-prices each market about once per drift period, one market at a time', () => {
    const { ticks } = run({ kinds: FOOTBALL_KINDS, seconds: 3600, seed: 3 });
    const perKind = new Map<string, number[]>();
    for (const tick of ticks) for (const kind of tick.reprice) perKind.set(kind, [...(perKind.get(kind) ?? []), tick.second]);
    for (const kind of FOOTBALL_KINDS) {
      const seconds = perKind.get(kind) ?? [];
      const gaps = seconds.slice(1).map((s, i) => s - seconds[i]);
      // Every gap is the drift period give or take a quarter: prices hold in between.
      for (const gap of gaps) assert.ok(gap >= 44 && gap <= 76, `${kind} re-priced ${gap} s after its last drift`);
      assert.ok(seconds.length >= 45 && seconds.length <= 75, `${kind} drifted ${seconds.length} times in an hour`);
    }
    const ticksWithDrift = ticks.filter((t) => t.reprice.length > 0);
    const busy = ticksWithDrift.filter((t) => t.reprice.length > 1).length;
    assert.ok(busy / ticksWithDrift.length < 0.15, `${busy} of ${ticksWithDrift.length} drifts moved several markets at once`);
  });

  it('spreads the first drifts of a new event over one period', () => {
    const { ticks } = run({ kinds: FOOTBALL_KINDS, seconds: 60 });
    const first = ticks.filter((t) => t.reprice.length > 0).map((t) => t.second);
    assert.ok(first.length >= 5, `the first drifts fell on ${first.join(', ')}`);
  });

  it('forgets markets that left play and ignores effects on markets the event lacks', () => {
    const { book } = run({ kinds: ['match_result', 'total_corners'], seconds: 2, effects: { 1: [{ suspend: ['no_such_market'], reprice: ['another'] }] } });
    assert.deepEqual(Object.keys(book?.dueMs ?? {}).sort(), ['match_result', 'total_corners']);
    assert.deepEqual(book?.stopUntilMs, {});
    const later = planBook(book, { kinds: ['match_result'], effects: [], held: [], nowMs: 3000 }, config, createRandom(1));
    assert.deepEqual(Object.keys(later.book.dueMs), ['match_result']);
  });

  it('suspends for tennis breaks and sets and for basketball period ends, and re-prices on holds, runs and timeouts', () => {
    const t = tennis.create(createRandom(1));
    assert.deepEqual(tennis.effect({ type: 'break', side: 'home' }, t).suspend, ['match_winner', 'set_1_winner']);
    assert.deepEqual(tennis.effect({ type: 'game', side: 'home' }, t), { suspend: [], reprice: ['set_1_winner', 'set_1_games'] });
    assert.ok(tennis.effect({ type: 'set', side: 'home' }, t).suspend.includes('match_winner'));
    assert.deepEqual(tennis.effect({ type: 'point', side: 'home' }, t), { suspend: [], reprice: [] });
    const b = basketball.create(createRandom(1));
    assert.deepEqual(basketball.effect({ type: 'run', side: 'home' }, b), { suspend: [], reprice: ['moneyline', 'handicap'] });
    assert.deepEqual(basketball.effect({ type: 'timeout', side: 'away' }, b).reprice, ['moneyline', 'total_points', 'handicap']);
    assert.equal(basketball.effect({ type: 'period_end' }, b).suspend.length, basketball.markets(b, 'H', 'A').length);
    assert.deepEqual(basketball.effect({ type: 'score', side: 'home' }, b), { suspend: [], reprice: [] });
  });
});
