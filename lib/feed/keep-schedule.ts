import { createEvent } from '../markets/create-event';
import { updateEventState } from '../markets/update-event-state';
import { getMarketsByEvent } from '../markets/read-markets';
import { syncMarkets, type DriveContext } from './drive-event';
import { feedFor, newMatch, type FeedState } from './match-state';
import { pickOpponents } from './names';
import { priceWithMargin } from './odds-model';
import { between } from './random';
import { SPORT_IDS, type SportId } from './sport-feed';

/** An event still on the feed's books after this tick's updates. */
export interface ScheduledEvent {
  sportId: string;
  status: 'UPCOMING' | 'LIVE';
  startsAt: Date;
  home: string;
  away: string;
}

export interface ScheduleTargets {
  /** At least this many live events, spread evenly over the sports (6 gives 2 each). */
  live: number;
  /** About this many upcoming events, spread evenly over the sports. */
  upcoming: number;
  /** Start new live events part-way through, so a fresh feed does not show only kick-offs. */
  warmStart: boolean;
}

/**
 * Between the starts of consecutive upcoming events, as a share of a typical match: with the
 * sports taken in turn, each sport starts a match about every half match, so about two of each
 * are live at any time.
 */
const START_GAP_SHARE: [number, number] = [0.1, 0.2];

/** Creates one feed event with markets priced from its (possibly warmed-up) match state. */
async function createFeedEvent(
  ctx: DriveContext,
  sport: SportId,
  busy: Set<string>,
  plan: { live: boolean; startsAt: Date; warmMs: number; nowMs: number },
): Promise<void> {
  const feed = feedFor(sport);
  const match = newMatch(sport, ctx.random, plan.warmMs);
  const { home, away } = pickOpponents(sport, ctx.random, busy);
  busy.add(home).add(away);
  const probabilities = feed.probabilities(match);
  const feedState: FeedState = { version: 1, match, atMs: plan.live ? plan.nowMs : null, book: null };
  const created = await createEvent(ctx.deps, {
    sport,
    home,
    away,
    startsAt: plan.startsAt,
    live: plan.live,
    source: 'FEED',
    clock: plan.live ? feed.clock(match) : null,
    feedState,
    markets: feed.markets(match, home, away).map((spec) => {
      const odds = priceWithMargin(probabilities[spec.kind] ?? spec.selections.map(() => 1), ctx.marginBps);
      return { name: spec.name, kind: spec.kind, selections: spec.selections.map((name, i) => ({ name, odds: odds[i] })) };
    }),
  });
  if (!created.ok) throw new Error(`could not create a ${sport} event (${created.code}): ${created.message}`);
  if (plan.warmMs <= 0) return;
  // createEvent starts live events at 0-0 with every market open; a warmed-up match may already
  // have goals, and markets decided by them must close before anyone can back a certainty.
  const score = feed.score(match);
  if (score.home !== 0 || score.away !== 0) await updateEventState(ctx.deps, created.value.id, { scoreHome: score.home, scoreAway: score.away });
  const markets = (await getMarketsByEvent(ctx.deps.db, [created.value.id])).get(created.value.id) ?? [];
  const feedMarkets = markets.map((m) => ({ ...m, selections: m.selections.map((s) => ({ ...s, result: null, moneySkewBps: 0 })) }));
  await syncMarkets(ctx, created.value.id, feedMarkets, match, { suspended: new Set(), reprice: 'all' });
}

/**
 * Tops the feed up: at least `targets.live` live events (an even share per sport) at once, and
 * one more upcoming event a tick until there are about `targets.upcoming`, starting one after
 * another over the next half hour or so.
 */
export async function keepSchedule(ctx: DriveContext, active: readonly ScheduledEvent[], nowMs: number, targets: ScheduleTargets): Promise<void> {
  const busy = new Set(active.flatMap((e) => [e.home, e.away]));
  const count = (sport: SportId, status: ScheduledEvent['status']) => active.filter((e) => e.sportId === sport && e.status === status).length;
  const perSport = (total: number) => Math.ceil(total / SPORT_IDS.length);

  for (const sport of SPORT_IDS) {
    for (let n = count(sport, 'LIVE'); n < perSport(targets.live); n += 1) {
      const warmMs = targets.warmStart ? between(ctx.random, 0, 0.6) * feedFor(sport).typicalDurationMs : 0;
      const startsAt = new Date(nowMs - warmMs / ctx.speed);
      await createFeedEvent(ctx, sport, busy, { live: true, startsAt, warmMs, nowMs });
    }
  }

  // One upcoming event a tick at most: an event with its markets is a few dozen statements, and a
  // tick that creates many at once holds up the matches in play and the renewal of the lease.
  const upcoming = active.filter((e) => e.status === 'UPCOMING');
  const missing = (sport: SportId) => perSport(targets.upcoming) - count(sport, 'UPCOMING');
  const lastStartOf = (sport: SportId) => Math.max(0, ...upcoming.filter((e) => e.sportId === sport).map((e) => e.startsAt.getTime()));
  // The sport missing most goes next, and of those the one whose last start is earliest, so the
  // start list stays mixed rather than grouped by sport.
  const [sport] = SPORT_IDS.filter((s) => missing(s) > 0).sort((a, b) => missing(b) - missing(a) || lastStartOf(a) - lastStartOf(b));
  if (!sport) return;
  const lastStartMs = Math.max(nowMs, ...upcoming.map((e) => e.startsAt.getTime()));
  const startsAt = new Date(lastStartMs + (between(ctx.random, ...START_GAP_SHARE) * feedFor(sport).typicalDurationMs) / ctx.speed);
  await createFeedEvent(ctx, sport, busy, { live: false, startsAt, warmMs: 0, nowMs });
}
