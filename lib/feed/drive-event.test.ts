import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, testEnv, type TestDatabase } from '../../e2e/support/services';
import { createRuntime, type Runtime } from '../runtime';
import { driveEvent, type DriveContext } from './drive-event';
import type { FootballMatch } from './football';
import { keepSchedule } from './keep-schedule';
import { loadFeedEvents, type FeedEvent } from './load-feed-events';
import { parseFeedState } from './match-state';
import { createRandom } from './random';

const GOAL_KINDS = ['match_result', 'draw_no_bet', 'half_time_result', 'total_goals_2_5', 'total_goals_3_5', 'both_teams_to_score'];
const BET_STOP_MS = 3000;

interface Tick {
  nowMs: number;
  match: FootballMatch;
  /** Per market kind: status and odds after the tick. */
  markets: Map<string, { status: string; odds: number[] }>;
}

const snapshot = (event: FeedEvent, nowMs: number): Tick => ({
  nowMs,
  match: parseFeedState(event.feedState, 'football')?.match as FootballMatch,
  markets: new Map(event.markets.map((m) => [m.kind, { status: m.status, odds: m.selections.map((s) => s.odds) }])),
});

describe('driving a football match through the database', () => {
  let database: TestDatabase;
  let runtime: Runtime;
  const ticks: Tick[] = [];

  before(async () => {
    database = await createTestDatabase();
    runtime = await createRuntime(testEnv(database.url));
    // Thirty times real time, one tick a second, and no drifts: only incidents move prices.
    const ctx: DriveContext = { deps: runtime, random: createRandom(4), speed: 30, betStopMs: BET_STOP_MS, driftMs: 1e12, marginBps: 500, maxStepMs: 5000 };
    const startMs = Date.now();
    await keepSchedule(ctx, [], startMs, { live: 1, upcoming: 0, warmStart: false });
    const football = (await loadFeedEvents(runtime.db)).find((e) => e.sportId === 'football');
    assert.ok(football);
    ticks.push(snapshot(football, startMs));
    for (let i = 1; i < 400; i += 1) {
      const nowMs = startMs + i * 1000;
      const event = (await loadFeedEvents(runtime.db)).find((e) => e.id === football.id);
      if (!event) break;
      const finished = await driveEvent(ctx, event, nowMs);
      const [now] = (await loadFeedEvents(runtime.db)).filter((e) => e.id === football.id);
      if (finished || !now) break;
      ticks.push(snapshot(now, nowMs));
    }
  });
  after(async () => {
    await runtime?.close();
    await database?.drop();
  });

  it('suspends exactly the markets a goal affects and reopens them, re-priced, after the pause', () => {
    const goals = (i: number) => ticks[i].match.home + ticks[i].match.away;
    // A goal with no other goal, red card or penalty in the pause that follows.
    const quiet = (i: number) => [1, 2, 3].every((k) => ticks[i + k] && goals(i + k) === goals(i) && !ticks[i + k].match.penalty) && !ticks[i].match.penalty;
    const at = ticks.findIndex((t, i) => i > 0 && goals(i) > goals(i - 1) && !ticks[i - 1].match.penalty && quiet(i));
    assert.ok(at > 0, `no clean goal in ${ticks.length} ticks`);
    const before = ticks[at - 1].markets;
    const open = (i: number, kinds: string[]) => kinds.filter((k) => ticks[i].markets.get(k)?.status === 'OPEN');
    const inPlay = GOAL_KINDS.filter((k) => before.get(k)?.status === 'OPEN' && ticks[at].markets.get(k)?.status !== 'SETTLED');
    assert.ok(inPlay.length >= 3, `only ${inPlay.join(', ')} were open before the goal`);
    for (const i of [at, at + 1, at + 2]) {
      for (const kind of inPlay) assert.equal(ticks[i].markets.get(kind)?.status, 'SUSPENDED', `${kind} ${i - at} s after the goal`);
      // Corners and cards are not goal markets: they stay as they were.
      for (const kind of ['total_corners', 'total_cards']) assert.equal(ticks[i].markets.get(kind)?.status, before.get(kind)?.status, kind);
      assert.deepEqual(ticks[i].markets.get('match_result')?.odds, before.get('match_result')?.odds, 'odds hold during the stop');
    }
    assert.deepEqual(open(at + 3, inPlay), inPlay, `${BET_STOP_MS} ms after the goal the goal markets reopen`);
    assert.notDeepEqual(ticks[at + 3].markets.get('match_result')?.odds, before.get('match_result')?.odds, 'the match result reopens at a new price');
  });

  it('changes no price between incidents: odds move only as a market reopens or when its own count moves', () => {
    let corners = 0;
    let checked = 0;
    for (let i = 1; i < ticks.length; i += 1) {
      const [was, is] = [ticks[i - 1], ticks[i]];
      for (const [kind, market] of is.markets) {
        const previous = was.markets.get(kind);
        if (!previous || market.odds.every((o, k) => o === previous.odds[k])) continue;
        const reopened = previous.status === 'SUSPENDED' && market.status === 'OPEN';
        const cornerTaken = kind === 'total_corners' && is.match.corners.join() !== was.match.corners.join();
        const cardShown = kind === 'total_cards' && is.match.cards.join() !== was.match.cards.join();
        assert.ok(reopened || cornerTaken || cardShown, `${kind} moved from ${previous.odds.join('/')} to ${market.odds.join('/')} at tick ${i} with nothing happening`);
        if (cornerTaken) corners += 1;
        checked += 1;
      }
    }
    assert.ok(corners >= 3 && checked >= 8, `only ${checked} price moves (${corners} on corners) in ${ticks.length} ticks`);
  });
});
