import { isValidOdds, payoutMinor } from '../money';
import type { EventStatus, MarketStatus, SelectionStatus } from '../markets/views';

export type OddsChangePolicy = 'NONE' | 'HIGHER' | 'ANY';

export const MAX_LEGS = 20;
/** Accumulators may not combine to more than 10000.00: beyond it a price means nothing. */
export const MAX_COMBINED_ODDS = 1_000_000n;

export interface BetLimits {
  stakeMinMinor: bigint;
  stakeMaxMinor: bigint;
  maxPayoutMinor: bigint;
}

export interface LegRequest {
  selectionId: string;
  /** The odds the bettor saw, in hundredths. */
  oddsHundredths: number;
}

/** A selection as it stands now, with its market and event. */
export interface LegState {
  selectionId: string;
  marketId: string;
  eventId: string;
  odds: number;
  selectionStatus: SelectionStatus;
  hasResult: boolean;
  marketStatus: MarketStatus;
  eventStatus: EventStatus;
}

export type BetRejection =
  | { code: 'INVALID_INPUT' | 'INVALID_BET' | 'NOT_FOUND' | 'MARKET_CLOSED' | 'MARKET_SUSPENDED'; message: string }
  | { code: 'ODDS_CHANGED'; message: string; selectionIds: string[] }
  | { code: 'STAKE_TOO_LOW' | 'STAKE_TOO_HIGH'; message: string; minMinor: bigint; maxMinor: bigint };

export interface PricedBet {
  legs: Array<LegRequest & { marketId: string; eventId: string; acceptedOdds: number }>;
  /** Product of the accepted odds, in hundredths, rounded down. */
  oddsHundredths: bigint;
  potentialPayoutMinor: bigint;
  /** True when any leg's event is in play: the bet waits out the in-play delay. */
  inPlay: boolean;
}

/**
 * Checks what can be checked without the database. In order: INVALID_INPUT (no legs, stake not
 * positive, malformed odds), INVALID_BET (more than 20 legs, the same selection twice).
 */
export function checkBetShape(legs: readonly LegRequest[], stakeMinor: bigint): BetRejection | null {
  if (legs.length === 0) return { code: 'INVALID_INPUT', message: 'A bet needs at least one leg.' };
  if (stakeMinor <= 0n) return { code: 'INVALID_INPUT', message: 'The stake must be more than zero.' };
  if (legs.some((leg) => !isValidOdds(leg.oddsHundredths))) return { code: 'INVALID_INPUT', message: 'Odds must be between 1.01 and 1000.00.' };
  if (legs.length > MAX_LEGS) return { code: 'INVALID_BET', message: `An accumulator has at most ${MAX_LEGS} legs.` };
  if (new Set(legs.map((l) => l.selectionId)).size !== legs.length) {
    return { code: 'INVALID_BET', message: 'The same selection appears twice.' };
  }
  return null;
}

/** Combined odds in hundredths, rounded down: prod(odds) / 100^(n-1). */
export function combinedOdds(odds: readonly number[]): bigint {
  let product = 1n;
  for (const o of odds) product *= BigInt(o);
  return product / 100n ** BigInt(Math.max(odds.length - 1, 0));
}

/** The largest stake whose payout stays within the maximum payout. */
export function maxStakeForPayout(maxPayoutMinor: bigint, odds: readonly number[]): bigint {
  let product = 1n;
  for (const o of odds) product *= BigInt(o);
  return (maxPayoutMinor * 100n ** BigInt(odds.length)) / product;
}

function oddsAcceptable(policy: OddsChangePolicy, seen: number, current: number): boolean {
  if (policy === 'ANY') return true;
  if (policy === 'HIGHER') return current >= seen;
  return current === seen;
}

/**
 * Prices a bet against the current state of its selections, or says why it cannot stand. Codes in
 * order of precedence (after checkBetShape): NOT_FOUND (unknown selection), INVALID_BET (two legs
 * on one event; combined odds above 10000.00), MARKET_CLOSED (event finished or cancelled, market
 * settled or void, selection decided), MARKET_SUSPENDED, ODDS_CHANGED (per the policy), and the
 * amount limits STAKE_TOO_LOW, STAKE_TOO_HIGH (the stake limit, then the maximum payout).
 * The same function re-checks a pending bet when its in-play delay ends.
 */
export function priceBet(
  legs: readonly LegRequest[],
  stakeMinor: bigint,
  policy: OddsChangePolicy,
  states: ReadonlyMap<string, LegState>,
  limits: BetLimits,
): BetRejection | PricedBet {
  const shape = checkBetShape(legs, stakeMinor);
  if (shape) return shape;
  const found: LegState[] = [];
  for (const leg of legs) {
    const state = states.get(leg.selectionId);
    if (!state) return { code: 'NOT_FOUND', message: 'A selection of this bet does not exist.' };
    found.push(state);
  }
  if (new Set(found.map((s) => s.eventId)).size !== found.length) {
    return { code: 'INVALID_BET', message: 'An accumulator may have at most one leg per event.' };
  }
  for (const state of found) {
    if (state.eventStatus === 'FINISHED' || state.eventStatus === 'CANCELLED') {
      return { code: 'MARKET_CLOSED', message: `The event is ${state.eventStatus.toLowerCase()}.` };
    }
    if (state.marketStatus === 'SETTLED' || state.marketStatus === 'VOID' || state.selectionStatus !== 'OPEN' || state.hasResult) {
      return { code: 'MARKET_CLOSED', message: 'A market of this bet is closed.' };
    }
  }
  if (found.some((s) => s.marketStatus === 'SUSPENDED')) {
    return { code: 'MARKET_SUSPENDED', message: 'A market of this bet is suspended for the moment.' };
  }
  const moved = legs.filter((leg, i) => !oddsAcceptable(policy, leg.oddsHundredths, found[i].odds));
  if (moved.length > 0) {
    return { code: 'ODDS_CHANGED', message: 'The odds have changed.', selectionIds: legs.map((l) => l.selectionId) };
  }
  const accepted = found.map((s) => s.odds);
  const odds = combinedOdds(accepted);
  if (odds > MAX_COMBINED_ODDS) return { code: 'INVALID_BET', message: 'The combined odds may be at most 10000.00.' };

  const maxStake = [limits.stakeMaxMinor, maxStakeForPayout(limits.maxPayoutMinor, accepted)].reduce((a, b) => (a < b ? a : b));
  if (stakeMinor < limits.stakeMinMinor) {
    return { code: 'STAKE_TOO_LOW', message: 'The stake is below the minimum.', minMinor: limits.stakeMinMinor, maxMinor: maxStake };
  }
  if (stakeMinor > maxStake) {
    const message = stakeMinor > limits.stakeMaxMinor ? 'The stake is above the maximum.' : 'The payout would exceed the maximum payout.';
    return { code: 'STAKE_TOO_HIGH', message, minMinor: limits.stakeMinMinor, maxMinor: maxStake };
  }
  return {
    legs: legs.map((leg, i) => ({ ...leg, marketId: found[i].marketId, eventId: found[i].eventId, acceptedOdds: accepted[i] })),
    oddsHundredths: odds,
    potentialPayoutMinor: payoutMinor(stakeMinor, accepted),
    inPlay: found.some((s) => s.eventStatus === 'LIVE'),
  };
}
