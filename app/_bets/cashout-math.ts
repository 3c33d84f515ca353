import { formatMoney, parseMoney } from '../../lib/money';

/** How long the server holds an offer (the API's 30 seconds). */
export const OFFER_TTL_MS = 30_000;

/**
 * floor(amount x percent / 100), in integers: the server's rule for the part of the stake that a
 * partial cashout takes, and (applied to the live value of the whole bet) the proportional
 * estimate of what that part is worth. The server's offer may differ from the estimate by a cent.
 */
export function percentOf(money: string, percent: number): string {
  return formatMoney((parseMoney(money) * BigInt(percent)) / 100n);
}

/** `a - b` of two amounts, e.g. what a cashout added to a bet's payout. */
export function subtractMoney(a: string, b: string): string {
  return formatMoney(parseMoney(a) - parseMoney(b));
}

/** -1, 0 or 1 as `a` is less than, equal to or more than `b`. */
export function compareMoney(a: string, b: string): -1 | 0 | 1 {
  const x = parseMoney(a);
  const y = parseMoney(b);
  return x === y ? 0 : x > y ? 1 : -1;
}

/** A whole percent from 1 to 100, from a slider's string value (anything else is 100). */
export function clampPercent(value: string | number): number {
  const n = typeof value === 'number' ? value : Number.parseInt(value, 10);
  if (!Number.isFinite(n)) return 100;
  return Math.min(100, Math.max(1, Math.round(n)));
}
