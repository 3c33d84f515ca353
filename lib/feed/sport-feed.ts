import type { SelectionResult } from '../markets/record-results';
import type { Random } from './random';

export type { SelectionResult };

export type SportId = 'football' | 'tennis' | 'basketball';
export const SPORT_IDS: readonly SportId[] = ['football', 'tennis', 'basketball'];

export type Side = 'home' | 'away';

/** A market the feed offers: `kind` ties it to a model output, selections are in display order. */
export interface MarketSpec {
  kind: string;
  name: string;
  selections: string[];
}

/** Something that happened in a match: a goal, a corner, a break of serve, a timeout... */
export interface Incident {
  type: string;
  side?: Side;
}

/** What one simulation step did: the new state and the incidents it produced, in order. */
export interface StepOutcome<M> {
  match: M;
  incidents: Incident[];
}

/**
 * What an incident does to the book: markets suspended for a bet stop (they reopen re-priced when
 * it ends) and markets re-priced at once, without a stop. Market kinds the event lacks are ignored.
 */
export interface IncidentEffect {
  suspend: readonly string[];
  reprice: readonly string[];
}

export const NO_EFFECT: IncidentEffect = { suspend: [], reprice: [] };

/**
 * Everything the simulator needs to know about one sport. Match states are plain JSON (they are
 * kept in events.feed_state), and every function is pure: randomness comes in as an argument.
 * Times are match time: one second is one second of a real match, stoppages and breaks included;
 * the simulator's match speed decides how much match time a real second carries.
 */
export interface SportFeed<M> {
  sport: SportId;
  /** About how long a match lasts in match time, breaks included. */
  typicalDurationMs: number;
  create(random: Random): M;
  /** Fills in fields a state stored by an older version lacks, so a match in play carries on. */
  revive(match: M): M;
  /** Plays `elapsedMs` of match time. */
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
  /** How the book reacts to an incident, given the match just after it. */
  effect(incident: Incident, match: M): IncidentEffect;
  /** Markets the match itself holds suspended for now (a penalty awarded and not yet taken). */
  held(match: M): readonly string[];
}

/** Results for a market whose winner is the selection at `index`. */
export function winnerAt(index: number, size: number): SelectionResult[] {
  return Array.from({ length: size }, (_, i) => (i === index ? 'WON' : 'LOST'));
}

/** The x.5 line nearest above `expected`, so a total market has no push. */
export function halfPoint(expected: number): number {
  return Math.floor(expected) + 0.5;
}
