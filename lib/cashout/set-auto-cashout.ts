import { and, eq } from 'drizzle-orm';
import { bets } from '../../db/schema';
import { formatMoney } from '../money';
import type { CashoutDeps } from './deps';
import { isId } from '../ids';

export type SetAutoCashoutResult =
  | { ok: true }
  | { ok: false; code: 'INVALID_INPUT' | 'NOT_FOUND' | 'CASHOUT_UNAVAILABLE'; message: string }
  | { ok: false; code: 'TARGET_TOO_HIGH'; message: string; maxTargetMinor: bigint };

/**
 * The most a bet can be worth in a cash out: its potential payout less the cashout margin (what
 * valuation gives once every leg has won), rounded down. A target above it could never be reached.
 */
export function maxAutoCashoutTarget(potentialPayoutMinor: bigint, marginBps: number): bigint {
  return (potentialPayoutMinor * BigInt(10_000 - marginBps)) / 10_000n;
}

/**
 * Sets (or with null clears) the value at which an open bet is cashed out automatically. Codes:
 * INVALID_INPUT (target not positive), NOT_FOUND, CASHOUT_UNAVAILABLE (the bet is not open),
 * TARGET_TOO_HIGH (above the most the bet can be worth in a cash out; carries that most).
 */
export async function setAutoCashout(
  deps: Pick<CashoutDeps, 'db' | 'cashout'>,
  userId: string,
  betId: string,
  targetMinor: bigint | null,
): Promise<SetAutoCashoutResult> {
  if (targetMinor !== null && targetMinor <= 0n) return { ok: false, code: 'INVALID_INPUT', message: 'The target must be more than zero.' };
  if (!isId(betId)) return { ok: false, code: 'NOT_FOUND', message: 'No bet of yours has that id.' };
  // Checked and written under the bet's row lock (it waits for nothing else while holding it): a
  // cashout or settlement that lands in between cannot leave a target on a closed bet, nor a
  // partial cashout one above what the smaller bet can reach.
  return deps.db.transaction(async (tx): Promise<SetAutoCashoutResult> => {
    const [bet] = await tx
      .select({ status: bets.status, potentialPayoutMinor: bets.potentialPayoutMinor })
      .from(bets)
      .where(and(eq(bets.id, betId), eq(bets.userId, userId)))
      .for('update');
    if (!bet) return { ok: false, code: 'NOT_FOUND', message: 'No bet of yours has that id.' };
    if (targetMinor !== null && bet.status !== 'OPEN' && bet.status !== 'PENDING') {
      return { ok: false, code: 'CASHOUT_UNAVAILABLE', message: `The bet is ${bet.status.toLowerCase().replace('_', ' ')}.` };
    }
    if (targetMinor !== null) {
      const maxTargetMinor = maxAutoCashoutTarget(bet.potentialPayoutMinor, deps.cashout.marginBps);
      if (targetMinor > maxTargetMinor) {
        return {
          ok: false,
          code: 'TARGET_TOO_HIGH',
          message: `This bet can be worth at most ${formatMoney(maxTargetMinor)} in a cash out (its potential payout ${formatMoney(bet.potentialPayoutMinor)} less the cash-out margin); choose a target up to that.`,
          maxTargetMinor,
        };
      }
    }
    await tx.update(bets).set({ autoCashoutTargetMinor: targetMinor }).where(and(eq(bets.id, betId), eq(bets.userId, userId)));
    return { ok: true };
  });
}
