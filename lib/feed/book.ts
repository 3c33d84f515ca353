/**
 * The book's schedule for one event: which markets are suspended and which are re-priced on this
 * tick. Prices hold between re-prices, which is what lets an in-play bet stand through its delay.
 * A market is re-priced when an incident changes it (a corner, a card, a hold of serve), when it
 * reopens after a bet stop (a goal, a break, the end of a quarter), and otherwise once in a while
 * on its own (a periodic drift that catches up with the clock and the teams' form). Drifts are
 * spread out, one market at a time, so an event's prices keep moving a little without any one
 * market moving often. Pure; times are wall-clock milliseconds.
 */
import { between, type Random } from './random';
import type { IncidentEffect } from './sport-feed';

/** A market drifts about once a minute: see docs/decisions/0019-incident-driven-pricing.md. */
export const DEFAULT_DRIFT_MS = 60_000;

/** Kept in the event's feed state, so another instance carries on the same schedule. */
export interface BookState {
  /** Per market kind, when its next re-price is due. */
  dueMs: Record<string, number>;
  /** Per market kind under a bet stop, when the stop ends. */
  stopUntilMs: Record<string, number>;
}

export interface BookConfig {
  /** How long a bet stop keeps the markets an incident affects suspended. */
  betStopMs: number;
  /** Mean time between two periodic re-prices of one market. */
  driftMs: number;
}

export interface BookPlan {
  book: BookState;
  /** Market kinds suspended now: under a bet stop or held by the match. */
  suspended: Set<string>;
  /** Market kinds to re-price now (only open ones: a suspended market is re-priced as it reopens). */
  reprice: Set<string>;
}

/** The time until a market's next drift: the mean, give or take a quarter, so markets stay spread. */
const nextDriftMs = (config: BookConfig, random: Random) => config.driftMs * between(random, 0.75, 1.25);

/**
 * Plans one tick: `kinds` are the event's markets still in play, `effects` what this tick's
 * incidents do to them, `held` the markets the match holds suspended (a penalty not yet taken).
 */
export function planBook(
  previous: BookState | null,
  input: { kinds: readonly string[]; effects: readonly IncidentEffect[]; held: readonly string[]; nowMs: number },
  config: BookConfig,
  random: Random,
): BookPlan {
  const { nowMs } = input;
  const kinds = new Set(input.kinds);
  const book: BookState = { dueMs: {}, stopUntilMs: {} };
  for (const kind of kinds) {
    // A market seen for the first time gets its first drift somewhere in the next period, so the
    // markets of a new event do not all move together.
    book.dueMs[kind] = previous?.dueMs[kind] ?? nowMs + config.driftMs * random();
    const stop = previous?.stopUntilMs[kind];
    if (stop !== undefined) book.stopUntilMs[kind] = stop;
  }
  for (const effect of input.effects) {
    for (const kind of effect.suspend) {
      // A second incident during a stop extends it: the market reopens a full pause after the last.
      if (kinds.has(kind)) book.stopUntilMs[kind] = Math.max(book.stopUntilMs[kind] ?? 0, nowMs + config.betStopMs);
    }
    for (const kind of effect.reprice) if (kinds.has(kind)) book.dueMs[kind] = nowMs;
  }
  const suspended = new Set<string>();
  for (const [kind, untilMs] of Object.entries(book.stopUntilMs)) {
    if (untilMs > nowMs) {
      suspended.add(kind);
      continue;
    }
    // The stop is over: the market reopens now, at a fresh price.
    delete book.stopUntilMs[kind];
    book.dueMs[kind] = nowMs;
  }
  for (const kind of input.held) {
    if (!kinds.has(kind)) continue;
    suspended.add(kind);
    // Due for as long as it is held, so it is re-priced on the tick it is released.
    book.dueMs[kind] = nowMs;
  }
  const reprice = new Set<string>();
  for (const kind of kinds) {
    if (suspended.has(kind) || book.dueMs[kind] > nowMs) continue;
    reprice.add(kind);
    book.dueMs[kind] = nowMs + nextDriftMs(config, random);
  }
  return { book, suspended, reprice };
}
