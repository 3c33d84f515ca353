import type { MarketDeps } from './deps';
import { getEvent, getMarkets } from './read-markets';
import type { MarketView } from './views';

/** Reads the markets once and publishes them with their event on `odds:<eventId>`. */
export async function publishMarkets(deps: MarketDeps, eventId: string, marketIds: readonly string[]): Promise<MarketView[]> {
  if (marketIds.length === 0) return [];
  const [event, markets] = await Promise.all([getEvent(deps.db, eventId), getMarkets(deps.db, marketIds)]);
  if (event) await deps.pubsub.publish('odds', event.id, { event, markets });
  return markets;
}
