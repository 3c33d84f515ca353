import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { betLegs, bets } from '../../db/schema';
import { enqueueBetUpdates } from './bet-updates';
import { lockUsers } from '../wallet/lock-users';

/**
 * In the transaction that changed these markets' status (holding their locks), tells the owner of
 * every live bet with an open leg on them (LEG_UPDATED). The owners are locked first, in id order
 * (the lock order's next step after markets and selections); a bet that was decided, cashed out or
 * settled while this waited for its owner gets no LEG_UPDATED after that terminal update. Returns
 * how many bets were found.
 */
export async function enqueueLegUpdatesForMarkets(tx: Tx, marketIds: readonly string[]): Promise<number> {
  if (marketIds.length === 0) return 0;
  const rows = await tx
    .selectDistinct({ betId: bets.id, userId: bets.userId })
    .from(betLegs)
    .innerJoin(bets, eq(bets.id, betLegs.betId))
    .where(and(inArray(betLegs.marketId, [...marketIds]), eq(betLegs.status, 'OPEN'), inArray(bets.status, ['PENDING', 'OPEN'])));
  if (rows.length === 0) return 0;
  await lockUsers(tx, rows.map((r) => r.userId));
  await enqueueBetUpdates(tx, rows.map((r) => ({ ...r, kind: 'LEG_UPDATED' as const })));
  return rows.length;
}
