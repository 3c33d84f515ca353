import { formatMoney, formatOdds, parseMoney, parseOdds, payoutMinor } from '../../lib/money';
import { oddsHundredths } from '../_live/odds';

/** Typed odds ("2.5", "2.50") as hundredths, or null when they are not odds from 1.01 to 1000.00. */
export function parseTypedOdds(text: string): number | null {
  try {
    return parseOdds(text);
  } catch {
    return null;
  }
}

/** Hundredths as the API's odds string. */
export function oddsText(hundredths: number): string {
  return formatOdds(hundredths);
}

/**
 * The two sides of a challenge of `stakeMinor` at `oddsHundredths`, in the server's integers: the
 * taker (layer) stakes floor(stake x odds) - stake; whoever wins takes the other's stake.
 */
export function challengeSides(stakeMinor: bigint, hundredths: number): { makerRisk: string; makerWin: string; takerRisk: string; takerWin: string } {
  const takerMinor = payoutMinor(stakeMinor, [hundredths]) - stakeMinor;
  return { makerRisk: formatMoney(stakeMinor), makerWin: formatMoney(takerMinor), takerRisk: formatMoney(takerMinor), takerWin: formatMoney(stakeMinor) };
}

/** The two sides of a listed challenge, from the amounts the server gave. */
export function listedSides(challenge: { stake: string; takerStake: string }): { takerRisk: string; takerWin: string; takerReturn: string } {
  return {
    takerRisk: challenge.takerStake,
    takerWin: challenge.stake,
    takerReturn: formatMoney(parseMoney(challenge.takerStake) + parseMoney(challenge.stake)),
  };
}

/** `part` as a whole percentage of `total` (rounded down; 0 when the total is 0). */
export function sharePercent(part: string, total: bigint): number {
  if (total <= 0n) return 0;
  return Number((parseMoney(part) * 100n) / total);
}

/** Sum of money strings in minor units. */
export function sumMoney(amounts: readonly string[]): bigint {
  return amounts.reduce((sum, amount) => sum + parseMoney(amount), 0n);
}

/** Odds strings as hundredths (integers), for charts. */
export function oddsValues(points: ReadonlyArray<{ odds: string }>): number[] {
  return points.map((p) => oddsHundredths(p.odds));
}
