import { formatMoney, formatOdds, payoutMinor } from '../../lib/money';
import { oddsHundredths } from '../_live/odds';

/** The most a stake field accepts before the server's own limits apply (a sanity bound on typing). */
const STAKE_PATTERN = /^(\d{0,9})(?:\.(\d{0,2}))?$/;

/**
 * Parses what the bettor typed as a stake, in minor units: "10", "10.5", "10.50" and ".5" are
 * amounts; anything with more than two decimals, a sign or letters is not (null). An empty field is
 * zero.
 */
export function parseStake(text: string): bigint | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '.') return 0n;
  const match = STAKE_PATTERN.exec(trimmed);
  if (!match) return null;
  const [, whole = '', fraction = ''] = match;
  return BigInt(whole || '0') * 100n + BigInt(fraction.padEnd(2, '0'));
}

/** The stake field after a quick-amount button: what was there (or nothing) plus `amountMinor`. */
export function addToStake(text: string, amountMinor: bigint): string {
  return formatMoney((parseStake(text) ?? 0n) + amountMinor);
}

/**
 * Combined odds of the legs as shown to people: the exact product, rounded down to hundredths.
 * The payout is computed from the legs themselves, not from this rounded figure.
 */
export function combinedOdds(odds: readonly string[]): string {
  if (odds.length === 0) return formatOdds(100);
  let product = 1n;
  for (const o of odds) product *= BigInt(oddsHundredths(o));
  const hundredths = product / 100n ** BigInt(odds.length - 1);
  return formatOdds(Number(hundredths));
}

/** floor(stake x product of odds), in integers only (the server's rule). */
export function potentialPayout(stakeMinor: bigint, odds: readonly string[]): bigint {
  return payoutMinor(stakeMinor, odds.map(oddsHundredths));
}

/** -1, 0 or 1 as `next` odds are lower than, equal to or higher than `previous`. */
export function compareOdds(next: string, previous: string): -1 | 0 | 1 {
  const a = oddsHundredths(next);
  const b = oddsHundredths(previous);
  return a === b ? 0 : a > b ? 1 : -1;
}
