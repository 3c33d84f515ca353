import type { EventStatus, MarketStatus, SelectionStatus } from '../markets/views';
import type { BetStatus } from '../bets/read-bets';

/** One leg as valuation sees it: the odds it was placed at and its selection's state now. */
export interface ValuedLeg {
  selectionId: string;
  /** Odds the leg stands at (accepted), in hundredths. */
  placedOdds: number;
  /** The leg's own outcome so far. */
  status: SelectionStatus;
  /** The selection's current odds, in hundredths. */
  currentOdds: number;
  marketStatus: MarketStatus;
  eventStatus: EventStatus;
  /** A result known but not yet settled counts as decided; cashout waits for settlement. */
  hasResult: boolean;
}

/** Why a bet has no cashout now; TOO_SMALL: the part asked for rounds to no stake or no value. */
export type CashoutUnavailableReason = 'BET_NOT_OPEN' | 'LEG_LOST' | 'SUSPENDED' | 'NO_VALUE' | 'TOO_SMALL';

export type Valuation =
  | {
      ok: true;
      /** What the bettor receives for `percent` of the stake. */
      amountMinor: bigint;
      /** The part of the stake that is cashed out. */
      stakePortionMinor: bigint;
      /** Current odds of the open legs the value was computed from. */
      openOdds: Array<{ selectionId: string; odds: number }>;
    }
  | { ok: false; reason: CashoutUnavailableReason; message: string };

export const DEFAULT_MARGIN_BPS = 500;

/**
 * The cashout value of `percent` of an open bet's stake, in integers only. The part of the stake
 * cashed out is rounded down to the cent first, and the value is that part's:
 * floor(floor(stake x percent/100) x prod(placed odds; void legs 1.00) / prod(current odds of open
 * legs) x (1 - margin)). Valuing the rounded part rather than the exact share is what keeps every
 * rounding with the house: the bettor is paid only for stake that leaves the bet, and since
 * floor(a) + floor(b) <= floor(a + b), any sequence of partial cashouts at the same prices pays at
 * most one full cashout (docs/INVARIANTS.md C1). A lost leg means no value; a suspended market or
 * an event between states (finished but not settled, or a decided selection) suspends cashout; a
 * part whose stake or value rounds to zero is TOO_SMALL.
 */
export function valueBet(
  bet: { status: BetStatus; stakeMinor: bigint },
  legs: readonly ValuedLeg[],
  percent: number,
  marginBps = DEFAULT_MARGIN_BPS,
): Valuation {
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) throw new RangeError(`percent must be 1 to 100, got ${percent}`);
  if (bet.status !== 'OPEN') return { ok: false, reason: 'BET_NOT_OPEN', message: `The bet is ${bet.status.toLowerCase().replace('_', ' ')}.` };
  if (legs.some((l) => l.status === 'LOST')) return { ok: false, reason: 'LEG_LOST', message: 'A leg has lost.' };

  const stakePortionMinor = (bet.stakeMinor * BigInt(percent)) / 100n;
  let numerator = stakePortionMinor * BigInt(10_000 - marginBps);
  let denominator = 10_000n;
  const openOdds: Array<{ selectionId: string; odds: number }> = [];
  for (const leg of legs) {
    if (leg.status === 'VOID') continue; // factor 1.00
    numerator *= BigInt(leg.placedOdds);
    denominator *= 100n;
    if (leg.status === 'WON') continue; // settled at its placed odds
    if (leg.marketStatus !== 'OPEN' || leg.hasResult || (leg.eventStatus !== 'LIVE' && leg.eventStatus !== 'UPCOMING')) {
      return { ok: false, reason: 'SUSPENDED', message: 'Cashout is suspended while a market of this bet is suspended.' };
    }
    numerator *= 100n;
    denominator *= BigInt(leg.currentOdds);
    openOdds.push({ selectionId: leg.selectionId, odds: leg.currentOdds });
  }
  const amountMinor = numerator / denominator;
  if (amountMinor <= 0n) {
    if (percent < 100) return { ok: false, reason: 'TOO_SMALL', message: `${percent}% of this bet's stake is too small to cash out; cash out a larger part.` };
    return { ok: false, reason: 'NO_VALUE', message: 'The bet has no cashout value right now.' };
  }
  return { ok: true, amountMinor, stakePortionMinor, openOdds };
}
