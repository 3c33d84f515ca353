import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { events, markets, selections } from '../../db/schema';
import type { EventStatus, MarketStatus } from '../markets/views';
import type { SelectionResult } from './sport-feed';

export interface FeedSelection {
  id: string;
  odds: number;
  result: SelectionResult | null;
  /** How far bets have moved this selection's probability (see lib/markets/money-skew.ts). */
  moneySkewBps: number;
}

export interface FeedMarket {
  id: string;
  kind: string;
  status: MarketStatus;
  /** In display order, which is the order of the model's probabilities. */
  selections: FeedSelection[];
}

/** An event the feed drives, with what the simulator needs to compare against its model. */
export interface FeedEvent {
  id: string;
  sportId: string;
  status: EventStatus;
  startsAt: Date;
  home: string;
  away: string;
  scoreHome: number | null;
  scoreAway: number | null;
  clock: string | null;
  feedState: unknown;
  markets: FeedMarket[];
}

/** The feed's upcoming and live events with their markets and selections, in two queries. */
export async function loadFeedEvents(db: Db): Promise<FeedEvent[]> {
  const rows = await db
    .select({
      id: events.id,
      sportId: events.sportId,
      status: events.status,
      startsAt: events.startsAt,
      home: events.home,
      away: events.away,
      scoreHome: events.scoreHome,
      scoreAway: events.scoreAway,
      clock: events.clock,
      feedState: events.feedState,
    })
    .from(events)
    // Trader-created events are never touched: only the feed's own are loaded.
    .where(and(eq(events.source, 'FEED'), inArray(events.status, ['UPCOMING', 'LIVE'])))
    .orderBy(asc(events.startsAt), asc(events.id));
  if (rows.length === 0) return [];

  const lines = await db
    .select({
      marketId: markets.id,
      eventId: markets.eventId,
      kind: markets.kind,
      status: markets.status,
      selectionId: selections.id,
      odds: selections.odds,
      moneySkewBps: selections.moneySkewBps,
      result: selections.result,
    })
    .from(markets)
    .innerJoin(selections, eq(selections.marketId, markets.id))
    .where(inArray(markets.eventId, rows.map((r) => r.id)))
    .orderBy(asc(markets.eventId), asc(markets.sortOrder), asc(markets.id), asc(selections.sortOrder), asc(selections.id));

  const byEvent = new Map<string, FeedMarket[]>(rows.map((r) => [r.id, []]));
  const byId = new Map<string, FeedMarket>();
  for (const line of lines) {
    let market = byId.get(line.marketId);
    if (!market) {
      market = { id: line.marketId, kind: line.kind, status: line.status, selections: [] };
      byId.set(line.marketId, market);
      byEvent.get(line.eventId)?.push(market);
    }
    market.selections.push({ id: line.selectionId, odds: line.odds, result: line.result, moneySkewBps: line.moneySkewBps });
  }
  return rows.map((row) => ({ ...row, markets: byEvent.get(row.id) ?? [] }));
}
