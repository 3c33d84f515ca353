import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { events, markets, marketStatusHistory, oddsHistory, selections } from '../../db/schema';
import { enqueueLegUpdatesForMarkets } from '../bets/leg-updates';
import { isValidOdds } from '../money';
import { ok, reject, type Result } from '../result';
import type { MarketDeps } from './deps';
import { publishMarkets } from './publish-markets';
import type { MarketStatus, MarketView } from './views';
import { isId } from '../ids';

export interface MarketChanges {
  eventId: string;
  odds?: Array<{ selectionId: string; odds: number }>;
  /** Only OPEN and SUSPENDED are set this way; SETTLED and VOID come from settlement. */
  statuses?: Array<{ marketId: string; status: Extract<MarketStatus, 'OPEN' | 'SUSPENDED'> }>;
}

export type MarketChangeCode = 'NOT_FOUND' | 'MARKET_CLOSED' | 'INVALID_INPUT';

const CLOSED_EVENT = new Set(['FINISHED', 'CANCELLED']);
const CLOSED_MARKET = new Set(['SETTLED', 'VOID']);

/**
 * Changes odds and market statuses of one event in one transaction, records every odds move in
 * the history, then publishes the changed markets on `odds:<eventId>`. Unchanged values are
 * skipped, so nothing is published when nothing moved. Returns the markets that changed.
 */
export async function applyMarketChanges(deps: MarketDeps, changes: MarketChanges): Promise<Result<MarketView[], MarketChangeCode>> {
  const oddsChanges = changes.odds ?? [];
  const statusChanges = changes.statuses ?? [];
  if (!isId(changes.eventId)) return reject('NOT_FOUND', 'No event has that id.');
  for (const change of oddsChanges) {
    if (!isValidOdds(change.odds)) return reject('INVALID_INPUT', 'Odds must be between 1.01 and 1000.00.');
    if (!isId(change.selectionId)) return reject('NOT_FOUND', 'No selection has that id.');
  }
  for (const change of statusChanges) {
    if (change.status !== 'OPEN' && change.status !== 'SUSPENDED') return reject('INVALID_INPUT', 'A market can only be set OPEN or SUSPENDED.');
    if (!isId(change.marketId)) return reject('NOT_FOUND', 'No market has that id.');
  }

  let legUpdates = 0;
  const outcome = await deps.db.transaction(async (tx): Promise<Result<string[], MarketChangeCode>> => {
    // The lock order (docs/decisions/0012-lock-order.md): the event, its markets, its selections
    // (each in id order), then the owners of bets told of a status change. NO KEY UPDATE, so the
    // key-share locks that inserts of bets, legs and history take on these rows never wait for it.
    const [event] = await tx.select({ status: events.status }).from(events).where(eq(events.id, changes.eventId)).for('no key update');
    if (!event) return reject('NOT_FOUND', 'No event has that id.');
    if (CLOSED_EVENT.has(event.status)) return reject('MARKET_CLOSED', `The event is ${event.status.toLowerCase()}; its markets are closed.`);

    // First every change is checked against the locked rows (markets, then selections), so a
    // refused change leaves the whole batch unwritten; then the writes go out together.
    const touched = new Set<string>();
    const statusChanged: string[] = [];
    const newStatuses = new Map<string, 'OPEN' | 'SUSPENDED'>();
    const marketIds = [...new Set(statusChanges.map((c) => c.marketId))];
    if (marketIds.length > 0) {
      const rows = await tx
        .select({ id: markets.id, status: markets.status })
        .from(markets)
        .where(and(inArray(markets.id, marketIds), eq(markets.eventId, changes.eventId)))
        .orderBy(asc(markets.id))
        .for('no key update');
      const current = new Map(rows.map((r) => [r.id, r.status]));
      for (const change of statusChanges) {
        const status = current.get(change.marketId);
        if (!status) return reject('NOT_FOUND', 'No market of this event has that id.');
        if (CLOSED_MARKET.has(status)) return reject('MARKET_CLOSED', `The market is ${status.toLowerCase()}.`);
        if (status === change.status) continue;
        current.set(change.marketId, change.status);
        newStatuses.set(change.marketId, change.status);
        touched.add(change.marketId);
        if (!statusChanged.includes(change.marketId)) statusChanged.push(change.marketId);
      }
    }

    // Per selection its final odds and the odds before them; every move goes into the history.
    const newOdds = new Map<string, { odds: number; previousOdds: number }>();
    const history: Array<{ selectionId: string; odds: number }> = [];
    const selectionIds = [...new Set(oddsChanges.map((c) => c.selectionId))];
    if (selectionIds.length > 0) {
      const rows = await tx
        .select({ id: selections.id, odds: selections.odds, marketId: selections.marketId, marketStatus: markets.status })
        .from(selections)
        .innerJoin(markets, eq(markets.id, selections.marketId))
        .where(and(inArray(selections.id, selectionIds), eq(markets.eventId, changes.eventId)))
        .orderBy(asc(selections.id))
        .for('no key update', { of: selections });
      const current = new Map(rows.map((r) => [r.id, r]));
      for (const change of oddsChanges) {
        const row = current.get(change.selectionId);
        if (!row) return reject('NOT_FOUND', 'No selection of this event has that id.');
        if (CLOSED_MARKET.has(row.marketStatus)) return reject('MARKET_CLOSED', `The market is ${row.marketStatus.toLowerCase()}.`);
        if (row.odds === change.odds) continue;
        newOdds.set(change.selectionId, { odds: change.odds, previousOdds: row.odds });
        current.set(change.selectionId, { ...row, odds: change.odds });
        history.push({ selectionId: change.selectionId, odds: change.odds });
        touched.add(row.marketId);
      }
    }

    // The rows are locked and each is written once, so the statements may run in any order:
    // issued together, they are pipelined on the transaction's connection. History is stamped with
    // the time of writing, after the locks were granted (not the transaction's start): the in-play
    // acceptor decides a bet on the odds and status in force at the end of its delay by these times.
    const now = new Date();
    const statusHistory = [...newStatuses].map(([marketId, status]) => ({ marketId, status, recordedAt: sql`clock_timestamp()` }));
    await Promise.all([
      ...[...newStatuses].map(([marketId, status]) => tx.update(markets).set({ status, updatedAt: now }).where(eq(markets.id, marketId))),
      ...[...newOdds].map(([selectionId, { odds, previousOdds }]) => tx.update(selections).set({ odds, previousOdds, updatedAt: now }).where(eq(selections.id, selectionId))),
      ...(history.length > 0 ? [tx.insert(oddsHistory).values(history.map((h) => ({ ...h, recordedAt: sql`clock_timestamp()` })))] : []),
      ...(statusHistory.length > 0 ? [tx.insert(marketStatusHistory).values(statusHistory)] : []),
      ...(touched.size > 0 ? [tx.update(events).set({ updatedAt: sql`now()` }).where(eq(events.id, changes.eventId))] : []),
    ]);
    legUpdates = await enqueueLegUpdatesForMarkets(tx, statusChanged);
    return ok([...touched]);
  });

  if (!outcome.ok) return outcome;
  if (legUpdates > 0) deps.afterCommit?.();
  if (outcome.value.length === 0) return ok([]);
  return ok(await publishMarkets(deps, changes.eventId, outcome.value));
}
