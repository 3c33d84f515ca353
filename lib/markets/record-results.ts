import { and, asc, eq, inArray, ne, or, isNull } from 'drizzle-orm';
import { markets, selections } from '../../db/schema';
import { ok, reject, type Result } from '../result';
import type { MarketDeps } from './deps';
import { isId } from '../ids';

export type SelectionResult = 'WON' | 'LOST' | 'VOID';

export type RecordResultsCode = 'NOT_FOUND' | 'MARKET_CLOSED' | 'INVALID_INPUT';

const RESULTS = new Set<string>(['WON', 'LOST', 'VOID']);
const CLOSED_MARKET = new Set(['SETTLED', 'VOID']);

/**
 * Records the outcome of selections of one event (from the feed or a trader), in one transaction,
 * for settlement to act on later. Selection status is left alone: settlement sets it. Recording
 * the same results again changes nothing. Returns how many selections changed.
 */
export async function recordResults(
  deps: MarketDeps,
  eventId: string,
  results: Array<{ selectionId: string; result: SelectionResult }>,
): Promise<Result<number, RecordResultsCode>> {
  if (!isId(eventId)) return reject('NOT_FOUND', 'No event has that id.');
  for (const entry of results) {
    if (!RESULTS.has(entry.result)) return reject('INVALID_INPUT', 'A result must be WON, LOST or VOID.');
    if (!isId(entry.selectionId)) return reject('NOT_FOUND', 'No selection has that id.');
  }
  if (results.length === 0) return ok(0);
  const ids = [...new Set(results.map((r) => r.selectionId))];
  if (ids.length !== results.length) return reject('INVALID_INPUT', 'Each selection may have one result only.');

  return deps.db.transaction(async (tx): Promise<Result<number, RecordResultsCode>> => {
    // Locking the selections keeps a concurrent settlement from reading half the results.
    const rows = await tx
      .select({ id: selections.id, marketStatus: markets.status })
      .from(selections)
      .innerJoin(markets, eq(markets.id, selections.marketId))
      .where(and(inArray(selections.id, ids), eq(markets.eventId, eventId)))
      .orderBy(asc(selections.id))
      .for('no key update', { of: selections });
    if (rows.length !== ids.length) return reject('NOT_FOUND', 'No selection of this event has that id.');
    const closed = rows.find((r) => CLOSED_MARKET.has(r.marketStatus));
    if (closed) return reject('MARKET_CLOSED', `The market is ${closed.marketStatus.toLowerCase()}; its results are settled.`);

    let changed = 0;
    for (const result of ['WON', 'LOST', 'VOID'] as const) {
      const group = results.filter((r) => r.result === result).map((r) => r.selectionId);
      if (group.length === 0) continue;
      const updated = await tx
        .update(selections)
        .set({ result, updatedAt: new Date() })
        .where(and(inArray(selections.id, group), or(isNull(selections.result), ne(selections.result, result))))
        .returning({ id: selections.id });
      changed += updated.length;
    }
    return ok(changed);
  });
}
