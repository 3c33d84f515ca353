import { sql } from 'drizzle-orm';
import { runShaped, slot } from '../../db/statements';
import type { Tx } from '../../db/client';
import { events, markets, selections } from '../../db/schema';
import type { LegState } from './price-bet';
import { isId } from '../ids';

/** A leg's state with the names a bet ticket shows, so a new bet can be answered without a re-read. */
export interface LegDetails extends LegState {
  selectionName: string;
  previousOdds: number | null;
  marketName: string;
  eventName: string;
}

/**
 * The current state of the given selections with their markets and events, share-locked (in id
 * order, as the lock order asks) until the transaction ends so a price cannot change between the
 * check and the bet.
 */
export async function loadLegStates(tx: Tx, selectionIds: readonly string[]): Promise<Map<string, LegDetails>> {
  const valid = selectionIds.filter(isId);
  if (valid.length === 0) return new Map();
  // Bound as an array: one statement text for any number of legs.
  const rows = await runShaped<Omit<LegDetails, 'hasResult'> & { result: string | null }>(
    tx,
    'leg-states',
    () => sql`select ${selections.id} as "selectionId", ${markets.id} as "marketId", ${events.id} as "eventId",
        ${selections.odds} as "odds", ${selections.status} as "selectionStatus", ${selections.result} as "result",
        ${markets.status} as "marketStatus", ${events.status} as "eventStatus", ${selections.name} as "selectionName",
        ${selections.previousOdds} as "previousOdds", ${markets.name} as "marketName", ${events.name} as "eventName"
      from ${selections}
        join ${markets} on ${markets.id} = ${selections.marketId}
        join ${events} on ${events.id} = ${markets.eventId}
      where ${selections.id} = any(${slot('ids')}::uuid[])
      order by ${selections.id}
      for share of ${selections}`,
    { ids: valid },
  );
  return new Map(rows.map(({ result, ...row }) => [row.selectionId, { ...row, hasResult: result !== null }]));
}
