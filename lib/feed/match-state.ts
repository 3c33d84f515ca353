import { basketball, type BasketballMatch } from './basketball';
import type { BookState } from './book';
import { football, type FootballMatch } from './football';
import type { Random } from './random';
import type { SportFeed, SportId } from './sport-feed';
import { tennis, type TennisMatch } from './tennis';

export type MatchState = FootballMatch | TennisMatch | BasketballMatch;

/** What the simulator keeps in events.feed_state, so any instance can carry on the match. */
export interface FeedState {
  version: 1;
  match: MatchState;
  /** Wall time (ms) the match was last advanced to; null until the event goes live. */
  atMs: number | null;
  /** The book's schedule of suspensions and re-prices; null until the first live tick. */
  book: BookState | null;
}

const FEEDS: { [S in SportId]: SportFeed<Extract<MatchState, { sport: S }>> } = { football, tennis, basketball };

/** The sport rules for a match state; the union is erased so callers need not narrow it. */
export function feedFor(sport: SportId): SportFeed<MatchState> {
  return FEEDS[sport] as unknown as SportFeed<MatchState>;
}

export function isSportId(value: string): value is SportId {
  return value in FEEDS;
}

/** A fresh match, optionally already `warmMs` in (so a newly started feed shows varied clocks). */
export function newMatch(sport: SportId, random: Random, warmMs = 0): MatchState {
  const feed = feedFor(sport);
  const fresh = feed.create(random);
  if (warmMs <= 0) return fresh;
  const warmed = feed.advance(fresh, warmMs, random).match;
  // A match that would already be over is no use as a live event; start it from the beginning.
  return feed.finished(warmed) ? fresh : warmed;
}

/**
 * Reads a stored feed state, or null when it is missing or from another sport or version. A state
 * written before incident-driven pricing (with `betStopUntilMs`, without a book) still reads: its
 * match gets the fields it lacks and its book starts afresh.
 */
export function parseFeedState(value: unknown, sport: string): FeedState | null {
  if (!value || typeof value !== 'object') return null;
  const state = value as Partial<FeedState>;
  if (state.version !== 1 || !state.match || typeof state.match !== 'object') return null;
  if (state.match.sport !== sport || !isSportId(sport)) return null;
  const book = state.book && typeof state.book === 'object' && state.book.dueMs && state.book.stopUntilMs ? state.book : null;
  return { version: 1, match: feedFor(state.match.sport).revive(state.match), atMs: state.atMs ?? null, book };
}
