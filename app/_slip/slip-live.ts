'use client';

import { useFragment } from '@apollo/client/react';
import { graphql } from '../_gql';
import type { MarketStatus, SelectionStatus } from '../_gql/graphql';
import type { SlipPick } from './slip-state';

export const SlipSelectionFragment = graphql(`
  fragment SlipSelection on Selection { id odds status }
`);

export const SlipMarketFragment = graphql(`
  fragment SlipMarket on Market { id status }
`);

/** A pick with what the cache says of it now. */
export interface LivePick extends SlipPick {
  /** The selection's odds now; differs from `odds` after a change the bettor has not accepted. */
  currentOdds: string;
  selectionStatus: SelectionStatus;
  /** Unknown until the cache holds the market (the slip's watcher reads it). */
  marketStatus: MarketStatus | null;
}

/**
 * The slip's picks with their selections' odds and statuses and their markets' statuses from the
 * cache, the same `Selection:<id>` and `Market:<id>` the lobby, the event page and the ticket read.
 */
export function useLivePicks(picks: readonly SlipPick[]): LivePick[] {
  const selections = useFragment({ fragment: SlipSelectionFragment, from: picks.map((p) => `Selection:${p.selectionId}`) });
  const markets = useFragment({ fragment: SlipMarketFragment, from: picks.map((p) => `Market:${p.marketId}`) });
  return picks.map((pick, i) => {
    const selection = selections.data[i];
    const market = markets.data[i];
    return {
      ...pick,
      currentOdds: selection?.odds ?? pick.odds,
      selectionStatus: selection?.status ?? 'OPEN',
      marketStatus: market?.status ?? null,
    };
  });
}
