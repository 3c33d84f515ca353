import { log } from '../log';
import type { MarketDeps } from './deps';
import { getEvent, getMarkets } from './read-markets';
import type { MarketView } from './views';

/**
 * Reads the markets once and publishes them with their event on `odds:<eventId>`. The change is
 * already committed, so a publish that fails (Redis down) is logged, not thrown: odds are a
 * snapshot and the next change carries the latest state; clients re-read on reconnect.
 */
export async function publishMarkets(deps: MarketDeps, eventId: string, marketIds: readonly string[]): Promise<MarketView[]> {
  if (marketIds.length === 0) return [];
  const [event, markets] = await Promise.all([getEvent(deps.db, eventId), getMarkets(deps.db, marketIds)]);
  if (event) await publishBestEffort(() => deps.pubsub.publish('odds', event.id, { event, markets, publishedAtMs: Date.now() }));
  return markets;
}

/** Runs a post-commit publish of public state, logging rather than failing the caller. */
export async function publishBestEffort(publish: () => Promise<void>): Promise<void> {
  try {
    await publish();
  } catch (error) {
    log.warn({ err: error }, 'publish failed (subscribers catch up on the next change)');
  }
}
