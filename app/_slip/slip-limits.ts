'use client';

import { useQuery } from '@apollo/client/react';
import { maxStakeForPayout } from '../../lib/bets/price-bet';
import { parseMoney } from '../../lib/money';
import { graphql } from '../_gql';
import { oddsHundredths } from '../_live/odds';

/** The server's stake limits for the slip's selections (the same bounds placeBet checks). */
export const SlipLimitsDocument = graphql(`
  query SlipLimits($selectionIds: [ID!]!) {
    betLimits(selectionIds: $selectionIds) { minStake maxStake stakeLimit maxPayout }
  }
`);

export interface StakeLimits {
  minMinor: bigint;
  /** The largest stake for the picks at the odds shown now. */
  maxMinor: bigint;
}

/**
 * The stake limits for these picks: read from the server once per set of selections, then kept in
 * step with the prices in the cache by the server's own rule (the stake limit, or the largest stake
 * whose payout stays within the maximum payout at the odds shown). Null until the first read.
 */
export function useStakeLimits(selectionIds: readonly string[], currentOdds: readonly string[]): StakeLimits | null {
  const ids = [...selectionIds].sort();
  const { data } = useQuery(SlipLimitsDocument, { variables: { selectionIds: ids }, skip: ids.length === 0, fetchPolicy: 'cache-first' });
  const limits = data?.betLimits;
  if (!limits || ids.length === 0) return null;
  const stakeLimit = parseMoney(limits.stakeLimit);
  const payoutBound = maxStakeForPayout(parseMoney(limits.maxPayout), currentOdds.map(oddsHundredths));
  return { minMinor: parseMoney(limits.minStake), maxMinor: payoutBound < stakeLimit ? payoutBound : stakeLimit };
}
