import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { betLegs, bets, markets, marketStatusHistory, selections } from '../../db/schema';
import { enqueueBetUpdates } from '../live/outbox';
import type { MarketDeps } from '../markets/deps';
import { publishMarkets } from '../markets/publish-markets';
import { isId } from '../markets/read-markets';
import type { MarketView } from '../markets/views';
import { postTransaction, systemAccount, userAccounts } from '../wallet/ledger';
import { lockMarketChallenges, unsettleChallenges } from '../challenges/settle-challenges';
import { announceChallenges } from '../challenges/announce';
import { lockMarketUsers } from './lock-market-users';

/**
 * Undoes a market's settlement: its selections and legs are open again, the market is SUSPENDED
 * (a trader reopens it or settles it anew), and every bet settled through it returns to OPEN with
 * its settlement reversed by new ledger entries (never edits). Winnings already spent become the
 * user's debt, repaid from later credits. Owners get RESETTLED. Codes: NOT_FOUND,
 * INVALID_INPUT (the market is not settled).
 */
export async function unsettleMarket(
  deps: MarketDeps,
  marketId: string,
): Promise<{ ok: true; value: MarketView } | { ok: false; code: 'NOT_FOUND' | 'INVALID_INPUT'; message: string }> {
  if (!isId(marketId)) return { ok: false, code: 'NOT_FOUND', message: 'No market has that id.' };
  const outcome = await deps.db.transaction(async (tx) => {
    // The lock order (docs/decisions/0012-lock-order.md): the market, its selections in id order,
    // every user it touches in id order, then their bets and challenges.
    const [market] = await tx.select({ status: markets.status, eventId: markets.eventId }).from(markets).where(eq(markets.id, marketId)).for('no key update');
    if (!market) return { ok: false as const, code: 'NOT_FOUND' as const, message: 'No market has that id.' };
    if (market.status !== 'SETTLED') return { ok: false as const, code: 'INVALID_INPUT' as const, message: 'The market is not settled.' };
    await tx.select({ id: selections.id }).from(selections).where(eq(selections.marketId, marketId)).orderBy(asc(selections.id)).for('no key update');
    await lockMarketUsers(tx, marketId, ['PENDING', 'OPEN', 'WON', 'LOST', 'VOID']);

    // Postgres refuses FOR UPDATE with DISTINCT, so the legs are a subquery.
    const settled = await tx
      .select({
        id: bets.id,
        userId: bets.userId,
        status: bets.status,
        stakeMinor: bets.stakeMinor,
        payoutMinor: bets.payoutMinor,
        settlementPayoutMinor: bets.settlementPayoutMinor,
      })
      .from(bets)
      .where(and(inArray(bets.id, tx.select({ id: betLegs.betId }).from(betLegs).where(eq(betLegs.marketId, marketId))), inArray(bets.status, ['WON', 'LOST', 'VOID', 'OPEN'])))
      .orderBy(asc(bets.id))
      .for('no key update');

    const marketChallenges = await lockMarketChallenges(tx, marketId);
    await tx.update(selections).set({ status: 'OPEN', result: null, updatedAt: new Date() }).where(eq(selections.marketId, marketId));
    await tx.update(betLegs).set({ status: 'OPEN' }).where(eq(betLegs.marketId, marketId));
    await tx.update(markets).set({ status: 'SUSPENDED', updatedAt: new Date() }).where(eq(markets.id, marketId));
    await tx.insert(marketStatusHistory).values({ marketId, status: 'SUSPENDED', recordedAt: sql`clock_timestamp()` });

    const houseId = await systemAccount(tx, 'HOUSE');
    const updates: Array<{ userId: string; kind: 'RESETTLED' | 'LEG_UPDATED'; betId: string }> = [];
    for (const bet of settled) {
      if (bet.status === 'OPEN') {
        updates.push({ userId: bet.userId, kind: 'LEG_UPDATED', betId: bet.id });
        continue;
      }
      const paid = bet.settlementPayoutMinor ?? 0n;
      const { walletId, heldId } = await userAccounts(tx, bet.userId);
      await postTransaction(
        tx,
        'BET_UNSETTLE',
        bet.id,
        [
          { accountId: heldId, amountMinor: bet.stakeMinor },
          { accountId: houseId, amountMinor: paid - bet.stakeMinor },
          { accountId: walletId, amountMinor: -paid },
        ],
        { allowDebt: true },
      );
      await tx
        .update(bets)
        .set({ status: 'OPEN', settledAt: null, payoutMinor: bet.payoutMinor - paid, settlementPayoutMinor: null })
        .where(eq(bets.id, bet.id));
      updates.push({ userId: bet.userId, kind: 'RESETTLED', betId: bet.id });
    }
    await enqueueBetUpdates(tx, updates);
    const challengeIds = await unsettleChallenges(tx, marketChallenges);
    return { ok: true as const, eventId: market.eventId, challengeIds };
  });
  if (!outcome.ok) return outcome;
  deps.afterCommit?.();
  await announceChallenges(deps, outcome.eventId, outcome.challengeIds);
  const [market] = await publishMarkets(deps, outcome.eventId, [marketId]);
  return { ok: true, value: market };
}
