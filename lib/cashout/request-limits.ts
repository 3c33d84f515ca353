import type { RateLimiter } from '../live/rate-limit';
import { isId } from '../ids';

export interface CashoutRequestLimits {
  /** Cashout quotes one user may request per minute, over all their bets. */
  perUserPerMinute: number;
  /** Cashout quotes one user may request per minute for one bet. */
  perBetPerMinute: number;
}

/**
 * Takes one cashout request from the user's and the bet's allowances for the current minute, in
 * one atomic step shared by every instance, or says when to try again. Each quote is a locked
 * valuation and a stored offer, so a flood on one bet (180 a second) is refused here rather than
 * by the general request limit alone. A malformed bet id counts against the user only.
 */
export async function takeCashoutRequest(
  limits: RateLimiter,
  config: CashoutRequestLimits,
  userId: string,
  betId: string,
): Promise<{ ok: true } | { ok: false; retryAfterMs: number }> {
  const slots = [{ key: `cashout:user:${userId}`, limit: config.perUserPerMinute }];
  if (isId(betId)) slots.push({ key: `cashout:bet:${betId}`, limit: config.perBetPerMinute });
  const reservation = await limits.reserve(slots, 60_000);
  return reservation.ok ? { ok: true } : reservation;
}
