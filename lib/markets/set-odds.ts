import { eq } from 'drizzle-orm';
import { markets, selections } from '../../db/schema';
import { reject, type Result } from '../result';
import { applyMarketChanges, type MarketChangeCode } from './apply-market-changes';
import type { MarketDeps } from './deps';
import { getSelections } from './read-markets';
import type { SelectionView } from './views';
import { isId } from '../ids';

/** A trader sets one selection's odds (hundredths); the change is recorded and published. */
export async function setOdds(deps: MarketDeps, selectionId: string, odds: number): Promise<Result<SelectionView, MarketChangeCode>> {
  if (!isId(selectionId)) return reject('NOT_FOUND', 'No selection has that id.');
  const [row] = await deps.db
    .select({ eventId: markets.eventId })
    .from(selections)
    .innerJoin(markets, eq(markets.id, selections.marketId))
    .where(eq(selections.id, selectionId));
  if (!row) return reject('NOT_FOUND', 'No selection has that id.');
  const result = await applyMarketChanges(deps, { eventId: row.eventId, odds: [{ selectionId, odds }] });
  if (!result.ok) return result;
  return readSelection(deps, selectionId);
}

async function readSelection(deps: MarketDeps, selectionId: string): Promise<Result<SelectionView, MarketChangeCode>> {
  const [selection] = await getSelections(deps.db, [selectionId]);
  return selection ? { ok: true, value: selection } : reject('NOT_FOUND', 'No selection has that id.');
}
