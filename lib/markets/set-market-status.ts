import { eq } from 'drizzle-orm';
import { markets } from '../../db/schema';
import { reject, type Result } from '../result';
import { applyMarketChanges, type MarketChangeCode } from './apply-market-changes';
import type { MarketDeps } from './deps';
import { getMarkets } from './read-markets';
import type { MarketStatus, MarketView } from './views';
import { isId } from '../ids';

/** A trader opens or suspends a market (a bet stop); the change is published. */
export async function setMarketStatus(deps: MarketDeps, marketId: string, status: MarketStatus): Promise<Result<MarketView, MarketChangeCode>> {
  if (status !== 'OPEN' && status !== 'SUSPENDED') {
    return reject('INVALID_INPUT', 'A market can only be set OPEN or SUSPENDED here; settlement sets SETTLED and VOID.');
  }
  if (!isId(marketId)) return reject('NOT_FOUND', 'No market has that id.');
  const [row] = await deps.db.select({ eventId: markets.eventId }).from(markets).where(eq(markets.id, marketId));
  if (!row) return reject('NOT_FOUND', 'No market has that id.');
  const result = await applyMarketChanges(deps, { eventId: row.eventId, statuses: [{ marketId, status }] });
  if (!result.ok) return result;
  const [market] = await getMarkets(deps.db, [marketId]);
  return market ? { ok: true, value: market } : reject('NOT_FOUND', 'No market has that id.');
}
