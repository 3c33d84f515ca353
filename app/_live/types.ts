/**
 * What the browser holds for an event: the GraphQL shapes (odds as decimal strings), so that
 * server-rendered first paints, HTTP query results and subscription payloads merge directly.
 */

import type { EventStatus, MarketStatus, SelectionStatus } from '../../lib/markets/views';

export type { EventStatus, MarketStatus, SelectionStatus };

export interface LiveScore {
  home: number;
  away: number;
}

export interface LiveEvent {
  id: string;
  sport: string;
  name: string;
  home: string;
  away: string;
  /** ISO 8601. */
  startsAt: string;
  status: EventStatus;
  score: LiveScore | null;
  clock: string | null;
  /** People in the live room; unknown (null) until the server has told us. */
  participants: number | null;
}

export interface LiveSelection {
  id: string;
  name: string;
  /** Decimal odds with two fraction digits, e.g. "2.10". */
  odds: string;
  previousOdds: string | null;
  status: SelectionStatus;
}

export interface LiveMarket {
  id: string;
  name: string;
  status: MarketStatus;
  selections: LiveSelection[];
}

/** One event with the markets an island shows (all of them, or only the main one). */
export interface LiveEventState {
  event: LiveEvent;
  markets: LiveMarket[];
}

/** The part of an event that `eventUpdated` and `oddsChanged` carry. */
export interface EventPatch {
  id: string;
  status?: EventStatus;
  score?: LiveScore | null;
  clock?: string | null;
  participants?: number | null;
}

/** Decimal odds "2.10" as hundredths (210), for comparing without floats. */
export function oddsHundredths(odds: string): number {
  const [whole = '0', fraction = ''] = odds.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}
