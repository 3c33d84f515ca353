/**
 * What the browser holds for a bet: money and odds as decimal strings, times as ISO strings, so a
 * server-rendered first paint, an HTTP query and a `betUpdated` message all have one shape.
 */

import type { MarketStatus, SelectionStatus } from '../_live/types';

export type BetStatus = 'PENDING' | 'OPEN' | 'WON' | 'LOST' | 'VOID' | 'CASHED_OUT' | 'REJECTED';

export type BetUpdateKind = 'PLACED' | 'ACCEPTED' | 'REJECTED' | 'LEG_UPDATED' | 'SETTLED' | 'RESETTLED' | 'CASHED_OUT' | 'PARTIALLY_CASHED_OUT';

export interface LiveBetLeg {
  selectionId: string;
  selectionName: string;
  eventId: string;
  eventName: string;
  marketId: string;
  marketName: string;
  /** Unknown (null) until the browser has heard it; the server render does not read it. */
  marketStatus: MarketStatus | null;
  /** The odds this leg was taken at. */
  odds: string;
  /** The odds the bettor sent. */
  requestedOdds: string;
  /** The selection's odds now. */
  currentOdds: string;
  status: SelectionStatus;
}

export interface LiveBet {
  id: string;
  status: BetStatus;
  stake: string;
  odds: string;
  potentialPayout: string;
  payout: string;
  /** The value at which the bet is cashed out automatically; null when unset. */
  autoCashoutTarget: string | null;
  /** ISO 8601. */
  placedAt: string;
  settledAt: string | null;
  /** When the in-play delay of a PENDING bet ends. */
  acceptAt: string | null;
  rejectionReason: string | null;
  legs: LiveBetLeg[];
}

/** Pending and open bets are on the Open tab; everything else has been decided. */
export function isOpenStatus(status: BetStatus): boolean {
  return status === 'PENDING' || status === 'OPEN';
}
