import type { SelectionResult } from '../markets/record-results';
import type { Random } from './random';

export type { SelectionResult };

export type SportId = 'football' | 'tennis' | 'basketball';
export const SPORT_IDS: readonly SportId[] = ['football', 'tennis', 'basketball'];

/** A market the feed offers: `kind` ties it to a model output, selections are in display order. */
export interface MarketSpec {
  kind: string;
  name: string;
  selections: string[];
}

/** What one simulation step did: the new state, and whether something happened that stops betting. */
export interface StepOutcome<M> {
  match: M;
  betStop: boolean;
}

/**
 * Everything the simulator needs to know about one sport. Match states are plain JSON (they are
 * kept in events.feed_state), and every function is pure: randomness comes in as an argument.
 */
export interface SportFeed<M> {
  sport: SportId;
  /** About how long a match lasts in real time at speed 1, breaks included. */
  typicalDurationMs: number;
  create(random: Random): M;
  /** Plays `elapsedMs` of real time (already multiplied by the simulator's speed). */
  advance(match: M, elapsedMs: number, random: Random): StepOutcome<M>;
  /** The clock as people see it: "67'", "HT", "Set 2 · 3-4 · 30-15", "Q3 04:12". */
  clock(match: M): string;
  score(match: M): { home: number; away: number };
  finished(match: M): boolean;
  markets(match: M, home: string, away: string): MarketSpec[];
  /** Fair probabilities per market kind, one per selection in display order. */
  probabilities(match: M): Record<string, number[]>;
  /** Results of the markets already decided (all of them once finished), per selection. */
  results(match: M): Record<string, SelectionResult[]>;
}

/** Results for a market whose winner is the selection at `index`. */
export function winnerAt(index: number, size: number): SelectionResult[] {
  return Array.from({ length: size }, (_, i) => (i === index ? 'WON' : 'LOST'));
}
