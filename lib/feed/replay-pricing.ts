/**
 * Replays whole matches through the same book and pricing the simulator uses, without a database,
 * to see how in-play prices behave: how often an event's prices change and how many bets at the
 * default policy (the price must hold through the delay) would stand. Pure and seeded.
 */
import { planBook, type BookConfig, type BookState } from './book';
import { feedFor, type MatchState } from './match-state';
import { priceWithMargin } from './odds-model';
import { createRandom } from './random';
import type { SportId } from './sport-feed';

export interface ReplayOptions extends BookConfig {
  /** Match seconds per real second. */
  speed: number;
  marginBps: number;
}

/** One replayed match: each tick's prices (null while suspended or decided), and every book priced. */
export interface ReplayedMatch {
  /** One map a real second, selection key ("kind:index") to price. */
  ticks: Array<Map<string, number | null>>;
  /** Ticks on which at least one price changed. */
  changes: number;
  /** Every re-price, with the market's kind and its odds. */
  books: Array<{ kind: string; odds: number[] }>;
  /** Lengths of the suspensions that ended with the market reopening, in seconds. */
  suspensions: number[];
}

/** Plays one seeded match a tick a second, through the book and pricing, and records its prices. */
export function replayMatch(sport: SportId, seed: number, options: ReplayOptions): ReplayedMatch {
  const feed = feedFor(sport);
  const random = createRandom(seed);
  let match: MatchState = feed.create(random);
  const specs = feed.markets(match, 'Home', 'Away');
  const start = feed.probabilities(match);
  const odds = new Map(specs.map((s) => [s.kind, priceWithMargin(start[s.kind], options.marginBps)]));
  const status = new Map(specs.map((s) => [s.kind, 'OPEN' as 'OPEN' | 'SUSPENDED' | 'CLOSED']));
  const suspendedAt = new Map<string, number>();
  const replayed: ReplayedMatch = { ticks: [], changes: 0, books: [], suspensions: [] };
  let book: BookState | null = null;
  for (let second = 1; !feed.finished(match); second += 1) {
    const step = feed.advance(match, 1000 * options.speed, random);
    match = step.match;
    const kinds = specs.map((s) => s.kind).filter((k) => status.get(k) !== 'CLOSED');
    const effects = step.incidents.map((i) => feed.effect(i, match));
    const plan = planBook(book, { kinds, effects, held: feed.held(match), nowMs: second * 1000 }, options, random);
    book = plan.book;
    const results = feed.results(match);
    // The model is only asked when something is re-priced: tennis's is the costly one.
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
        const fresh = priceWithMargin(probabilities[kind], options.marginBps);
        if (fresh.some((o, i) => o !== odds.get(kind)?.[i])) changed = true;
        odds.set(kind, fresh);
        replayed.books.push({ kind, odds: fresh });
      }
      if (want === 'SUSPENDED' && status.get(kind) === 'OPEN') suspendedAt.set(kind, second);
      if (want === 'OPEN' && status.get(kind) === 'SUSPENDED') replayed.suspensions.push(second - (suspendedAt.get(kind) ?? second));
      status.set(kind, want);
    }
    if (changed) replayed.changes += 1;
    const prices = new Map<string, number | null>();
    for (const [kind, list] of odds) list.forEach((o, i) => prices.set(`${kind}:${i}`, status.get(kind) === 'OPEN' ? o : null));
    replayed.ticks.push(prices);
  }
  return replayed;
}

/**
 * The share of bets that would be rejected: a bet on every open selection at every tick, placed
 * at a uniform moment within that second and decided `delayMs` later, is rejected when its price
 * changed or its market is not open then.
 */
export function rejectedShare(ticks: ReplayedMatch['ticks'], delayMs: number): number {
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
  return bets === 0 ? 0 : rejected / bets;
}
