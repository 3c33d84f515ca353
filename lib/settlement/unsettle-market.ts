import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { betLegs, bets, markets, marketStatusHistory, selections } from '../../db/schema';
import { betUpdatesPart } from '../bets/bet-updates';
import type { MarketDeps } from '../markets/deps';
import { publishMarkets } from '../markets/publish-markets';
import type { MarketView } from '../markets/views';
import { postTransactions, systemAccount, userAccounts, type Posting } from '../wallet/ledger';
import { lockMarketChallenges, unsettleChallenges } from '../challenges/settle-challenges';
import { announceChallenges } from '../challenges/announce';
import { lockMarketUsers } from './lock-market-users';
import { isId } from '../ids';

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
    const postings: Posting[] = [];
    const reopened: Array<{ betId: string; paidMinor: bigint }> = [];
    for (const bet of settled) {
      if (bet.status === 'OPEN') {
        updates.push({ userId: bet.userId, kind: 'LEG_UPDATED', betId: bet.id });
        continue;
      }
      const paid = bet.settlementPayoutMinor ?? 0n;
      const { walletId, heldId } = await userAccounts(tx, bet.userId);
      postings.push({
        kind: 'BET_UNSETTLE',
        reference: bet.id,
        entries: [
          { accountId: heldId, amountMinor: bet.stakeMinor },
          { accountId: houseId, amountMinor: paid - bet.stakeMinor },
          { accountId: walletId, amountMinor: -paid },
        ],
      });
      reopened.push({ betId: bet.id, paidMinor: paid });
      updates.push({ userId: bet.userId, kind: 'RESETTLED', betId: bet.id });
    }
    // One statement whatever their number: the reversals (a clawback beyond the wallet goes to the
    // user's debt), the bets back to OPEN, and the updates.
    await postTransactions(tx, postings, {
      allowDebt: true,
      alsoWrite: {
        reopened: {
          shape: 'unsettle-bets',
          build: (n) => sql`${n.cte('bets')} as (
          update ${bets} b set status = 'OPEN', settled_at = null, payout_minor = b.payout_minor - d.paid, settlement_payout_minor = null
          from unnest(${n.slot('bets')}::uuid[], ${n.slot('paid')}::bigint[]) as d(id, paid)
          where b.id = d.id
        )`,
          values: { bets: reopened.map((b) => b.betId), paid: reopened.map((b) => b.paidMinor.toString()) },
        },
        updates: betUpdatesPart(updates),
      },
    });
    const challengeIds = await unsettleChallenges(tx, marketChallenges);
    return { ok: true as const, eventId: market.eventId, challengeIds };
  });
  if (!outcome.ok) return outcome;
  deps.afterCommit?.();
  await announceChallenges(deps, outcome.eventId, outcome.challengeIds);
  const [market] = await publishMarkets(deps, outcome.eventId, [marketId]);
  return { ok: true, value: market };
}
