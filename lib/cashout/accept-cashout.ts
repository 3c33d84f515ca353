import { and, eq, gt, ne } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { onCommit } from '../../db/retry';
import { betLegs, bets, cashoutOffers } from '../../db/schema';
import { enqueueBetUpdate } from '../bets/bet-updates';
import { formatMoney, payoutMinor } from '../money';
import { postTransaction, systemAccount, userAccounts } from '../wallet/ledger';
import type { CashoutDeps } from './deps';
import { loadValuedBet, type ValuedBet } from './load-valued-bet';
import { countRefusal } from './metrics';
import { makeOffer, type OfferView } from './request-cashout';
import { valueBet } from './value-bet';
import { isId } from '../ids';

export type AcceptCashoutResult =
  | { ok: true; betId: string; amountMinor: bigint; replayed: boolean }
  | { ok: false; code: 'NOT_FOUND' | 'OFFER_EXPIRED' | 'CASHOUT_UNAVAILABLE'; message: string }
  | { ok: false; code: 'PRICE_CHANGED'; message: string; offer: OfferView | null };

/**
 * Accepts a cashout offer in one transaction. Codes in order: NOT_FOUND (unknown or someone else's
 * offer); an offer already accepted returns its first result; OFFER_EXPIRED (past its validity, or
 * ended by another cashout of the bet); CASHOUT_UNAVAILABLE (the bet is no longer open, or a
 * market is suspended now); PRICE_CHANGED (the bet is worth less now than the offer's amount:
 * carries a fresh offer at the value now, to confirm in one tap). Otherwise, whenever the value now
 * is at least the offer's amount (a newer offer for the bet does not matter), the bet is cashed
 * out at the offer's amount (or its stake lowered, for part of it), the wallet credited through
 * the ledger, and CASHED_OUT or PARTIALLY_CASHED_OUT goes to the owner's bet updates. The house
 * pays what the bettor accepted and never more than the bet is worth at that moment.
 *
 * Locks the bet's selections (share), its owner, the bet and then the offer, in the lock order of
 * docs/decisions/0012-lock-order.md; settlement takes the same owner's lock, so a cashout racing
 * settlement is decided by whichever commits first.
 */
export async function acceptCashout(deps: CashoutDeps, userId: string, offerId: string): Promise<AcceptCashoutResult> {
  const notFound = { ok: false as const, code: 'NOT_FOUND' as const, message: 'No cashout offer of yours has that id.' };
  if (!isId(offerId)) return notFound;
  const [located] = await deps.db
    .select({ betId: cashoutOffers.betId })
    .from(cashoutOffers)
    .where(and(eq(cashoutOffers.id, offerId), eq(cashoutOffers.userId, userId)));
  if (!located) return notFound;

  const result = await deps.db.transaction(async (tx): Promise<AcceptCashoutResult> => {
    const bet = await loadValuedBet(tx, userId, located.betId);
    const [offer] = await tx.select().from(cashoutOffers).where(eq(cashoutOffers.id, offerId)).for('no key update');
    if (!bet || !offer) return notFound;
    if (offer.status === 'ACCEPTED') return { ok: true, betId: bet.id, amountMinor: offer.amountMinor, replayed: true };
    if (offer.expiresAt.getTime() <= Date.now()) {
      deps.cashout.counters.expired += 1;
      return { ok: false, code: 'OFFER_EXPIRED', message: 'The offer has expired; request a new one.' };
    }
    const valuation = valueBet(bet, bet.legs, offer.percent, deps.cashout.marginBps);
    if (!valuation.ok) {
      countRefusal(deps.cashout.counters, valuation.reason);
      return { ok: false, code: 'CASHOUT_UNAVAILABLE', message: valuation.message };
    }
    // A fall (or a stake changed since, which cashouts end offers for) needs the bettor's word again.
    if (valuation.amountMinor < offer.amountMinor || valuation.stakePortionMinor !== offer.stakePortionMinor) {
      // Counted once the transaction commits: the offer below is written after it, and a retried attempt would count again.
      onCommit(tx, () => countRefusal(deps.cashout.counters, 'PRICE_CHANGED'));
      const fresh = await makeOffer(tx, deps, bet, offer.percent, 'PRICE_CHANGE');
      return {
        ok: false,
        code: 'PRICE_CHANGED',
        message: fresh.ok ? `The cash-out value fell to ${formatMoney(fresh.offer.amountMinor)}.` : 'The cash-out value fell.',
        offer: fresh.ok ? fresh.offer : null,
      };
    }

    await executeCashout(tx, deps, bet, offer);
    deps.cashout.counters.accepted += 1;
    return { ok: true, betId: bet.id, amountMinor: offer.amountMinor, replayed: false };
  });
  if (result.ok && !result.replayed) deps.afterCommit?.();
  return result;
}

/**
 * Pays out an offer on a locked bet: the ledger entries, the bet's new state, the offer marked
 * accepted, other open offers superseded, and the owner's bet update, all in the caller's
 * transaction. Shared by acceptance and by auto-cashout.
 */
export async function executeCashout(
  tx: Tx,
  deps: CashoutDeps,
  bet: ValuedBet,
  offer: { id: string; percent: number; amountMinor: bigint; stakePortionMinor: bigint },
): Promise<void> {
  const userId = bet.userId;
  const full = offer.percent === 100;
  const now = new Date();
  const remainingStake = bet.stakeMinor - offer.stakePortionMinor;
  const { walletId, heldId } = await userAccounts(tx, userId);
  const houseId = await systemAccount(tx, 'HOUSE');
  // The cashed-out stake leaves HELD for the house; the house pays the amount into the wallet.
  await postTransaction(tx, 'CASHOUT', offer.id, [
    { accountId: heldId, amountMinor: -offer.stakePortionMinor },
    { accountId: houseId, amountMinor: offer.stakePortionMinor - offer.amountMinor },
    { accountId: walletId, amountMinor: offer.amountMinor },
  ]);
  if (full) {
    await tx.update(bets).set({ status: 'CASHED_OUT', payoutMinor: bet.payoutMinor + offer.amountMinor, settledAt: now, autoCashoutTargetMinor: null }).where(eq(bets.id, bet.id));
  } else {
    const legOdds = await tx.select({ odds: betLegs.odds, status: betLegs.status }).from(betLegs).where(eq(betLegs.betId, bet.id));
    await tx
      .update(bets)
      .set({
        stakeMinor: remainingStake,
        payoutMinor: bet.payoutMinor + offer.amountMinor,
        potentialPayoutMinor: payoutMinor(remainingStake, legOdds.map((l) => (l.status === 'VOID' ? 100 : l.odds))),
      })
      .where(eq(bets.id, bet.id));
  }
  await tx.update(cashoutOffers).set({ status: 'ACCEPTED', acceptedAt: now }).where(eq(cashoutOffers.id, offer.id));
  // Every other offer of the bet ends now: they were for a stake that has just changed.
  await tx
    .update(cashoutOffers)
    .set({ status: 'SUPERSEDED', expiresAt: now })
    .where(and(eq(cashoutOffers.betId, bet.id), ne(cashoutOffers.status, 'ACCEPTED'), ne(cashoutOffers.id, offer.id), gt(cashoutOffers.expiresAt, now)));
  await enqueueBetUpdate(tx, userId, full ? 'CASHED_OUT' : 'PARTIALLY_CASHED_OUT', bet.id);
}
