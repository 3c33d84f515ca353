import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client';
import { cashoutOffers } from '../../db/schema';
import { isId } from '../markets/read-markets';
import type { CashoutDeps } from './deps';
import { OFFER_TTL_MS } from './deps';
import { loadValuedBet, type ValuedBet } from './load-valued-bet';
import { countRefusal } from './metrics';
import { valueBet } from './value-bet';

export interface OfferView {
  id: string;
  betId: string;
  userId: string;
  percent: number;
  amountMinor: bigint;
  stakePortionMinor: bigint;
  expiresAt: Date;
}

export type RequestCashoutResult =
  | { ok: true; value: OfferView }
  | { ok: false; code: 'INVALID_INPUT' | 'NOT_FOUND' | 'CASHOUT_UNAVAILABLE'; message: string };

/** True when `percent` is a whole number from 1 to 100. */
export function validPercent(percent: number): boolean {
  return Number.isInteger(percent) && percent >= 1 && percent <= 100;
}

/**
 * Values a locked bet and stores an offer, superseding the bet's earlier open offers. Returns
 * null (and counts the refusal) when the bet has no cashout value now.
 */
export async function makeOffer(
  tx: Tx,
  deps: CashoutDeps,
  bet: ValuedBet,
  percent: number,
  source: 'REQUEST' | 'LIVE' | 'AUTO' | 'PRICE_CHANGE' = 'REQUEST',
): Promise<{ ok: true; offer: OfferView } | { ok: false; message: string }> {
  const valuation = valueBet(bet, bet.legs, percent, deps.cashout.marginBps);
  if (!valuation.ok) {
    countRefusal(deps.cashout.counters, valuation.reason);
    return { ok: false, message: valuation.message };
  }
  // A requested offer supersedes every earlier offer of the bet; a live offer only earlier live
  // ones, so a price ticking by does not void the offer the bettor is looking at (accepting that
  // one after a move answers PRICE_CHANGED with a fresh offer instead).
  await tx
    .update(cashoutOffers)
    .set({ status: 'SUPERSEDED' })
    .where(and(eq(cashoutOffers.betId, bet.id), eq(cashoutOffers.status, 'OPEN'), ...(source === 'LIVE' ? [eq(cashoutOffers.source, 'LIVE')] : [])));
  const [offer] = await tx
    .insert(cashoutOffers)
    .values({
      betId: bet.id,
      userId: bet.userId,
      percent,
      amountMinor: valuation.amountMinor,
      stakePortionMinor: valuation.stakePortionMinor,
      odds: valuation.openOdds,
      source,
      expiresAt: new Date(Date.now() + OFFER_TTL_MS),
    })
    .returning({
      id: cashoutOffers.id,
      betId: cashoutOffers.betId,
      userId: cashoutOffers.userId,
      percent: cashoutOffers.percent,
      amountMinor: cashoutOffers.amountMinor,
      stakePortionMinor: cashoutOffers.stakePortionMinor,
      expiresAt: cashoutOffers.expiresAt,
    });
  deps.cashout.counters.offersMade += 1;
  return { ok: true, offer };
}

/**
 * Quotes a cashout of `percent` (default 100) of a bet's current stake, valid for 30 seconds.
 * Codes in order: INVALID_INPUT (percent not 1 to 100), NOT_FOUND (unknown or someone else's
 * bet), CASHOUT_UNAVAILABLE (not open, a leg lost, a market suspended; the message says which).
 */
export async function requestCashout(deps: CashoutDeps, userId: string, betId: string, percent = 100): Promise<RequestCashoutResult> {
  if (!validPercent(percent)) return { ok: false, code: 'INVALID_INPUT', message: 'percent must be a whole number from 1 to 100.' };
  if (!isId(betId)) return { ok: false, code: 'NOT_FOUND', message: 'No bet of yours has that id.' };
  return deps.db.transaction(async (tx): Promise<RequestCashoutResult> => {
    const bet = await loadValuedBet(tx, userId, betId);
    if (!bet) return { ok: false, code: 'NOT_FOUND', message: 'No bet of yours has that id.' };
    const made = await makeOffer(tx, deps, bet, percent);
    return made.ok ? { ok: true, value: made.offer } : { ok: false, code: 'CASHOUT_UNAVAILABLE', message: made.message };
  });
}

