import { eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { events, markets, selections } from '../../db/schema';
import { isId } from '../markets/read-markets';
import type { LegState } from './price-bet';

/**
 * The current state of the given selections with their markets and events, share-locked until the
 * transaction ends so a price cannot change between the check and the bet.
 */
/** A leg's state with the names a bet ticket shows, so a new bet can be answered without a re-read. */
export interface LegDetails extends LegState {
  selectionName: string;
  previousOdds: number | null;
  marketName: string;
  eventName: string;
}

export async function loadLegStates(tx: Tx, selectionIds: readonly string[]): Promise<Map<string, LegDetails>> {
  const valid = selectionIds.filter(isId);
  if (valid.length === 0) return new Map();
  const rows = await tx
    .select({
      selectionId: selections.id,
      marketId: markets.id,
      eventId: events.id,
      odds: selections.odds,
      selectionStatus: selections.status,
      result: selections.result,
      marketStatus: markets.status,
      eventStatus: events.status,
      selectionName: selections.name,
      previousOdds: selections.previousOdds,
      marketName: markets.name,
      eventName: events.name,
    })
    .from(selections)
    .innerJoin(markets, eq(markets.id, selections.marketId))
    .innerJoin(events, eq(events.id, markets.eventId))
    .where(inArray(selections.id, valid))
    .for('share', { of: selections });
  return new Map(rows.map(({ result, ...row }) => [row.selectionId, { ...row, hasResult: result !== null }]));
}
