import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { betLegs, bets } from '../../db/schema';
import { enqueueBetUpdates } from '../live/outbox';

/**
 * In the transaction that changed these markets' status, tells the owner of every live bet with
 * an open leg on them (LEG_UPDATED). Returns how many updates were written.
 */
export async function enqueueLegUpdatesForMarkets(tx: Tx, marketIds: readonly string[]): Promise<number> {
  if (marketIds.length === 0) return 0;
  const rows = await tx
    .selectDistinct({ betId: bets.id, userId: bets.userId })
    .from(betLegs)
    .innerJoin(bets, eq(bets.id, betLegs.betId))
    .where(and(inArray(betLegs.marketId, [...marketIds]), eq(betLegs.status, 'OPEN'), inArray(bets.status, ['PENDING', 'OPEN'])));
  await enqueueBetUpdates(tx, rows.map((r) => ({ ...r, kind: 'LEG_UPDATED' as const })));
  return rows.length;
}
