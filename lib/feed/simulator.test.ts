import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray } from 'drizzle-orm';
import { events, leases, markets, oddsHistory, selections } from '../../db/schema';
import { createTestDatabase, testEnv, type TestDatabase } from '../../e2e/support/services';
import { createEvent } from '../markets/create-event';
import type { OddsUpdateMessage } from '../markets/views';
import { createRuntime, type Runtime } from '../runtime';
import { startFeedSimulator, type FeedSimulator, type FeedSimulatorOptions } from './simulator';

const TICK_MS = 100;

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function feedEvents(runtime: Runtime, status: 'UPCOMING' | 'LIVE' | 'FINISHED') {
  return runtime.db
    .select({ id: events.id, sportId: events.sportId, clock: events.clock, feedState: events.feedState, updatedAt: events.updatedAt })
    .from(events)
    .where(and(eq(events.source, 'FEED'), eq(events.status, status)));
}

/** Opens runtimes and simulators on one fresh database and closes them all afterwards. */
function harness() {
  const state = { database: undefined as TestDatabase | undefined, runtimes: [] as Runtime[], simulators: [] as FeedSimulator[], logs: [] as string[] };
  const open = async () => {
    state.database ??= await createTestDatabase();
    const runtime = await createRuntime(testEnv(state.database.url, { FEED_TICK_MS: String(TICK_MS) }));
    state.runtimes.push(runtime);
    return runtime;
  };
  const start = (runtime: Runtime, options: FeedSimulatorOptions = {}) => {
    const simulator = startFeedSimulator(runtime, { log: (m) => state.logs.push(m), ...options });
    state.simulators.push(simulator);
    return simulator;
  };
  const close = async () => {
    await Promise.allSettled(state.simulators.map((s) => s.stop()));
    await Promise.allSettled(state.runtimes.map((r) => r.close()));
    await state.database?.drop();
  };
  return { state, open, start, close };
}

describe('feed simulator', () => {
  const h = harness();
  let runtime: Runtime;
  let traderEventId: string;

  before(async () => {
    runtime = await h.open();
    const trader = await createEvent(runtime, {
      sport: 'football',
      home: 'Trader Town',
      away: 'Manual United',
      startsAt: new Date(),
      live: true,
      clock: "10'",
      markets: [{ name: 'Match result', kind: 'match_result', selections: [{ name: 'Trader Town', odds: 200 }, { name: 'Draw', odds: 320 }, { name: 'Manual United', odds: 400 }] }],
    });
    assert.ok(trader.ok);
    traderEventId = trader.value.id;
    // 600 times real time: a football match takes about ten seconds; markets drift every second.
    h.start(runtime, { speed: 600, betStopMs: 300, driftMs: 1000, seed: 1 });
  });
  after(() => h.close());

  it('keeps at least six live events across all three sports and a schedule of upcoming ones', async () => {
    await waitFor('six live events, two per sport, and upcoming ones exist', async () => {
      const live = await feedEvents(runtime, 'LIVE');
      const upcoming = await feedEvents(runtime, 'UPCOMING');
      const perSport = (sport: string) => live.filter((e) => e.sportId === sport).length;
      return live.length >= 6 && ['football', 'tennis', 'basketball'].every((s) => perSport(s) >= 2) && upcoming.length >= 3;
    });
  });

  it('gives every football event its eight markets with valid integer odds', async () => {
    const football = (await feedEvents(runtime, 'LIVE')).filter((e) => e.sportId === 'football');
    assert.ok(football.length >= 2);
    for (const event of football) {
      const rows = await runtime.db.select({ kind: markets.kind, id: markets.id }).from(markets).where(eq(markets.eventId, event.id));
      assert.deepEqual(
        new Set(rows.map((r) => r.kind)),
        new Set(['match_result', 'draw_no_bet', 'half_time_result', 'total_goals_2_5', 'total_goals_3_5', 'both_teams_to_score', 'total_corners', 'total_cards']),
      );
      const odds = await runtime.db.select({ odds: selections.odds }).from(selections).where(inArray(selections.marketId, rows.map((r) => r.id)));
      for (const { odds: o } of odds) assert.ok(Number.isInteger(o) && o >= 101 && o <= 100_000);
    }
  });

  it('moves odds every few seconds and publishes them on odds:<eventId>', async () => {
    const [event] = (await feedEvents(runtime, 'LIVE')).filter((e) => e.sportId === 'basketball');
    const updates = runtime.pubsub.subscribe('odds', event.id);
    const timeout = setTimeout(() => void updates.return?.(), 4000);
    let moved: OddsUpdateMessage | null = null;
    for await (const message of updates) {
      assert.equal(message.event.id, event.id);
      if (message.markets.some((m) => m.selections.some((s) => s.previousOdds !== null && s.previousOdds !== s.odds))) {
        moved = message;
        break;
      }
    }
    clearTimeout(timeout);
    assert.ok(moved, 'no odds move was published within 4 s');
  });

  it('suspends markets for a moment after a goal or point of note and reopens them with new odds', async () => {
    const live = await feedEvents(runtime, 'LIVE');
    const streams = live.map((e) => runtime.pubsub.subscribe('odds', e.id));
    // The main market of each sport is only ever suspended by a bet stop or the end of the match.
    const main = new Set(['match_result', 'match_winner', 'moneyline']);
    const suspendedWith = new Map<string, number[]>();
    const reopened = new Promise<{ before: number[]; after: number[] }>((resolve) => {
      for (const stream of streams) {
        void (async () => {
          for await (const message of stream) {
            for (const market of message.markets.filter((m) => main.has(m.kind))) {
              const odds = market.selections.map((s) => s.odds);
              if (market.status === 'SUSPENDED') suspendedWith.set(market.id, odds);
              const before = suspendedWith.get(market.id);
              if (market.status === 'OPEN' && before) resolve({ before, after: odds });
            }
          }
        })().catch(() => {});
      }
    });
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000));
    const outcome = await Promise.race([reopened, timeout]);
    await Promise.all(streams.map((s) => s.return?.()));
    assert.ok(outcome, 'no market was suspended and reopened within 15 s');
    assert.notDeepEqual(outcome.after, outcome.before, 'the market reopened with the same odds');
  });

  it('finishes events with a result for every selection, settles their markets and replaces them', async () => {
    const [finished] = await waitFor('an event finishes', async () => (await feedEvents(runtime, 'FINISHED')).length > 0 && feedEvents(runtime, 'FINISHED'), 30_000);
    const rows = await runtime.db
      .select({ marketId: markets.id, kind: markets.kind, status: markets.status, result: selections.result, selectionStatus: selections.status })
      .from(markets)
      .innerJoin(selections, eq(selections.marketId, markets.id))
      .where(eq(markets.eventId, finished.id));
    assert.ok(rows.length >= 4);
    for (const row of rows) {
      assert.equal(row.status, 'SETTLED', `${row.kind} is still ${row.status}`);
      assert.ok(row.result, `a selection of ${row.kind} has no result`);
      assert.equal(row.selectionStatus, row.result, 'settlement set each selection to its result');
    }
    for (const marketId of new Set(rows.map((r) => r.marketId))) {
      const results = rows.filter((r) => r.marketId === marketId).map((r) => r.result);
      assert.ok(results.filter((r) => r === 'WON').length === 1 || results.every((r) => r === 'VOID'), results.join(','));
    }
    assert.match(finished.clock ?? '', /^(FT|Final)/);
    await new Promise((resolve) => setTimeout(resolve, 3 * TICK_MS));
    await waitFor('six live events remain', async () => (await feedEvents(runtime, 'LIVE')).length >= 6, 2000);
  });

  it('leaves trader-created events alone', async () => {
    const [event] = await runtime.db.select().from(events).where(eq(events.id, traderEventId));
    assert.equal(event.status, 'LIVE');
    assert.equal(event.clock, "10'");
    assert.equal(event.feedState, null);
    const history = await runtime.db
      .select({ id: oddsHistory.id })
      .from(oddsHistory)
      .innerJoin(selections, eq(selections.id, oddsHistory.selectionId))
      .innerJoin(markets, eq(markets.id, selections.marketId))
      .where(eq(markets.eventId, traderEventId));
    assert.equal(history.length, 3, 'only the opening odds are in the history');
  });

  it('reports no errors while running', () => {
    assert.deepEqual(h.state.logs, []);
  });
});

describe('feed simulator on several instances', () => {
  const h = harness();
  after(() => h.close());

  it('lets only one instance drive the feed, and another take over when it stops', async () => {
    const [first, second] = [await h.open(), await h.open()];
    const leader = h.start(first, { seed: 2 });
    await waitFor('the first instance leads and the feed is filled', async () => leader.isLeader() && (await feedEvents(first, 'LIVE')).length >= 6);
    const follower = h.start(second, { seed: 3 });

    // For a dozen ticks the second instance must stay idle: never the holder, and the schedule not doubled.
    for (let i = 0; i < 12; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
      assert.equal(follower.isLeader(), false);
      const [lease] = await first.db.select().from(leases).where(eq(leases.name, 'feed-simulator'));
      assert.equal(lease.holder, first.instanceId);
    }
    const all = await first.db.select({ id: events.id }).from(events).where(eq(events.source, 'FEED'));
    assert.ok(all.length <= 13, `${all.length} feed events: the follower must not have created any`);

    const [watched] = await feedEvents(first, 'LIVE');
    await leader.stop();
    assert.equal(leader.isLeader(), false);
    await waitFor('the second instance takes over', async () => follower.isLeader(), 3000);
    const [lease] = await second.db.select().from(leases).where(eq(leases.name, 'feed-simulator'));
    assert.equal(lease.holder, second.instanceId);
    await waitFor('the watched match advances under the new leader', async () => {
      const [row] = await second.db.select({ feedState: events.feedState }).from(events).where(eq(events.id, watched.id));
      return (row.feedState as { atMs: number }).atMs > (watched.feedState as { atMs: number }).atMs;
    });
    assert.deepEqual(h.state.logs, []);
  });
});
