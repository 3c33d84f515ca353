/**
 * Plain, JSON-safe shapes of events, markets and selections, as the domain reads them. GraphQL
 * resolves them (for pages too: server components run their query in process, app/_data) and
 * pub/sub carries them as snapshots, so one odds change is read once and every subscriber's result
 * is made from the message.
 */

export type EventStatus = 'UPCOMING' | 'LIVE' | 'FINISHED' | 'CANCELLED';
export type MarketStatus = 'OPEN' | 'SUSPENDED' | 'SETTLED' | 'VOID';
export type SelectionStatus = 'OPEN' | 'WON' | 'LOST' | 'VOID';

export interface EventView {
  id: string;
  sportId: string;
  /** The sport's display name, e.g. "Football". */
  sport: string;
  name: string;
  home: string;
  away: string;
  /** ISO 8601. */
  startsAt: string;
  status: EventStatus;
  scoreHome: number | null;
  scoreAway: number | null;
  clock: string | null;
  /** People in the room, when the publisher counted them (room announcements). */
  participants?: number;
}

export interface SelectionView {
  id: string;
  marketId: string;
  name: string;
  /** Hundredths: 2.10 is 210. */
  odds: number;
  previousOdds: number | null;
  status: SelectionStatus;
}

export interface MarketView {
  id: string;
  eventId: string;
  name: string;
  kind: string;
  status: MarketStatus;
  selections: SelectionView[];
}

/** What `odds:<eventId>` carries: the event and the markets that changed, with all selections. */
export interface OddsUpdateMessage {
  event: EventView;
  markets: MarketView[];
  /** When it was published (epoch ms), to measure delivery latency. */
  publishedAtMs?: number;
}
