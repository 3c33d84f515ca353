import { applyMarketChanges } from '../markets/apply-market-changes';
import type { MarketDeps } from '../markets/deps';
import { recordResults } from '../markets/record-results';
import { settleMarket } from '../settlement/settle-market';
import { updateEventState, type EventStateChange } from '../markets/update-event-state';
import type { FeedEvent, FeedMarket } from './load-feed-events';
import { feedFor, isSportId, parseFeedState, type FeedState, type MatchState } from './match-state';
import { planBook } from './book';
import { planMarketChanges, type PricingPlan } from './plan-market-changes';
import { clamp, type Random } from './random';
import type { IncidentEffect } from './sport-feed';

/** What driving events needs besides the event itself. */
export interface DriveContext {
  deps: MarketDeps;
  random: Random;
  /** Match time runs this many times faster than real time. */
  speed: number;
  /** How long a bet stop keeps the affected markets suspended, in real milliseconds. */
  betStopMs: number;
  /** Mean real time between two periodic re-prices (drifts) of one market. */
  driftMs: number;
  marginBps: number;
  /** The longest real time one step may cover, so a stalled feed does not jump ahead. */
  maxStepMs: number;
}

/** Thrown when an event's stored state cannot be used; the simulator then leaves it alone. */
export class UnusableFeedStateError extends Error {}

function stateOf(event: FeedEvent): FeedState {
  const state = isSportId(event.sportId) ? parseFeedState(event.feedState, event.sportId) : null;
  if (!state) throw new UnusableFeedStateError(`event ${event.id} has no usable feed state`);
  return state;
}

/** Takes an upcoming event live at kick-off: 0-0 and the clock starts now. */
export async function startEvent(ctx: DriveContext, event: FeedEvent, nowMs: number): Promise<void> {
  const state = stateOf(event);
  const feed = feedFor(state.match.sport);
  const { home, away } = feed.score(state.match);
  await updateEventState(ctx.deps, event.id, {
    status: 'LIVE',
    scoreHome: home,
    scoreAway: away,
    clock: feed.clock(state.match),
    feedState: { ...state, atMs: nowMs } satisfies FeedState,
  });
}

/**
 * The model's probabilities when a market is to be priced (re-priced now, or reopening); on most
 * ticks none is, and the model (a few milliseconds for tennis) need not run: each kind the sport
 * prices then maps to a placeholder that only says the kind is known, and is never priced.
 */
function modelFor(match: MatchState, markets: readonly FeedMarket[], pricing: PricingPlan): Record<string, number[]> {
  const feed = feedFor(match.sport);
  const priced = (m: FeedMarket) =>
    pricing.reprice === 'all' || (m.status === 'OPEN' && pricing.reprice.has(m.kind)) || (m.status === 'SUSPENDED' && !pricing.suspended.has(m.kind));
  if (markets.some(priced)) return feed.probabilities(match);
  const size = new Map(markets.map((m) => [m.kind, m.selections.length]));
  return Object.fromEntries(feed.markets(match, '', '').map((spec) => [spec.kind, Array.from({ length: size.get(spec.kind) ?? spec.selections.length }, () => 1)]));
}

/**
 * Brings an event's markets in line with its match: suspensions (bet stops, decided markets), the
 * odds of the markets the book re-prices now, and results. One applyMarketChanges call at most,
 * so one publish on `odds:<eventId>`.
 */
export async function syncMarkets(ctx: DriveContext, eventId: string, markets: readonly FeedMarket[], match: MatchState, pricing: PricingPlan): Promise<void> {
  const feed = feedFor(match.sport);
  const plan = planMarketChanges(markets, modelFor(match, markets, pricing), feed.results(match), { ...pricing, marginBps: ctx.marginBps });
  if (plan.odds.length > 0 || plan.statuses.length > 0) {
    const applied = await applyMarketChanges(ctx.deps, { eventId, odds: plan.odds, statuses: plan.statuses });
    if (!applied.ok) throw new Error(`market changes rejected (${applied.code}): ${applied.message}`);
  }
  if (plan.results.length > 0) {
    const recorded = await recordResults(ctx.deps, eventId, plan.results);
    if (!recorded.ok) throw new Error(`results rejected (${recorded.code}): ${recorded.message}`);
  }
  // A market whose every selection has a result is settled through the traders' path, which pays
  // the bets on it. Checked every tick, so a settlement interrupted after its results were
  // recorded is completed by the next tick.
  const recorded = new Map(plan.results.map((r) => [r.selectionId, r.result]));
  for (const market of markets) {
    if (market.status === 'SETTLED' || market.status === 'VOID') continue;
    const results = market.selections.map((s) => ({ selectionId: s.id, result: recorded.get(s.id) ?? s.result }));
    if (!results.every((r): r is { selectionId: string; result: 'WON' | 'LOST' | 'VOID' } => r.result != null)) continue;
    const settled = await settleMarket(ctx.deps, market.id, results);
    if (!settled.ok) throw new Error(`settlement rejected (${settled.code}): ${settled.message}`);
  }
}

/**
 * Advances one live event to `nowMs`, plans the book's reaction to what happened (see book.ts),
 * saves the state (first, so a retry after a failure replays the same match), then brings
 * markets, results and finally the status in line with it. Returns true once the event is finished.
 */
export async function driveEvent(ctx: DriveContext, event: FeedEvent, nowMs: number): Promise<boolean> {
  const state = stateOf(event);
  const feed = feedFor(state.match.sport);
  let { match } = state;
  const effects: IncidentEffect[] = [];
  if (!feed.finished(match)) {
    const realMs = clamp(nowMs - (state.atMs ?? nowMs), 0, ctx.maxStepMs);
    const step = feed.advance(match, realMs * ctx.speed, ctx.random);
    match = step.match;
    for (const incident of step.incidents) effects.push(feed.effect(incident, match));
  }
  const kinds = event.markets.filter((m) => m.status === 'OPEN' || m.status === 'SUSPENDED').map((m) => m.kind);
  const { book, suspended, reprice } = planBook(state.book, { kinds, effects, held: feed.held(match), nowMs }, ctx, ctx.random);
  const finished = feed.finished(match);

  const score = feed.score(match);
  const clock = feed.clock(match);
  // Only changed fields are passed, so `event:<id>` is published only when something visible moved.
  const change: EventStateChange = { feedState: { version: 1, match, atMs: nowMs, book } satisfies FeedState };
  if (score.home !== event.scoreHome) change.scoreHome = score.home;
  if (score.away !== event.scoreAway) change.scoreAway = score.away;
  if (clock !== event.clock) change.clock = clock;
  await updateEventState(ctx.deps, event.id, change);

  await syncMarkets(ctx, event.id, event.markets, match, { suspended, reprice });
  // Last, because a finished event's markets can no longer be changed.
  if (finished) await updateEventState(ctx.deps, event.id, { status: 'FINISHED' });
  return finished;
}
