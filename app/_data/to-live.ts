import { formatOdds } from '../../lib/money';
import type { EventView, MarketView } from '../../lib/markets/views';
import type { LiveEvent, LiveMarket } from '../_live/types';

/** The server's event view in the shape the browser holds (the GraphQL shape). */
export function toLiveEvent(event: EventView): LiveEvent {
  return {
    id: event.id,
    sport: event.sport,
    name: event.name,
    home: event.home,
    away: event.away,
    startsAt: event.startsAt,
    status: event.status,
    score: event.scoreHome === null || event.scoreAway === null ? null : { home: event.scoreHome, away: event.scoreAway },
    clock: event.clock,
    participants: null,
  };
}

/** A market with its selections, odds as decimal strings. */
export function toLiveMarket(market: MarketView): LiveMarket {
  return {
    id: market.id,
    name: market.name,
    status: market.status,
    selections: market.selections.map((s) => ({
      id: s.id,
      name: s.name,
      odds: formatOdds(s.odds),
      previousOdds: s.previousOdds === null ? null : formatOdds(s.previousOdds),
      status: s.status,
    })),
  };
}
