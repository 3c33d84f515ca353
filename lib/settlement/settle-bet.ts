import type { SelectionStatus } from '../markets/views';

export type BetOutcome = { status: 'WON' | 'LOST' | 'VOID'; payoutMinor: bigint };

/**
 * The outcome of a bet once every leg is settled, or null while any leg is open. Any lost leg
 * loses the bet; void legs count as odds 1.00; all void refunds the stake. Winnings are
 * floor(stake x product of the winning legs' odds), in integers.
 */
export function settleBet(stakeMinor: bigint, legs: ReadonlyArray<{ status: SelectionStatus; oddsHundredths: number }>): BetOutcome | null {
  if (legs.length === 0 || legs.some((leg) => leg.status === 'OPEN')) return null;
  if (legs.some((leg) => leg.status === 'LOST')) return { status: 'LOST', payoutMinor: 0n };
  const won = legs.filter((leg) => leg.status === 'WON');
  if (won.length === 0) return { status: 'VOID', payoutMinor: stakeMinor };
  let numerator = stakeMinor;
  let denominator = 1n;
  for (const leg of won) {
    numerator *= BigInt(leg.oddsHundredths);
    denominator *= 100n;
  }
  return { status: 'WON', payoutMinor: numerator / denominator };
}
