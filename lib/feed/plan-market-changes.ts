import type { FeedMarket } from './load-feed-events';
import { skewProbabilities } from '../markets/money-skew';
import { priceWithMargin } from './odds-model';
import type { SelectionResult } from './sport-feed';

export interface MarketPlan {
  statuses: Array<{ marketId: string; status: 'OPEN' | 'SUSPENDED' }>;
  odds: Array<{ selectionId: string; odds: number }>;
  results: Array<{ selectionId: string; result: SelectionResult }>;
}

/** Which markets to suspend and which to re-price, by kind; 'all' re-prices every open market. */
export interface PricingPlan {
  suspended: ReadonlySet<string>;
  reprice: ReadonlySet<string> | 'all';
}

/**
 * Compares an event's markets with the model and lists only what must change. Decided markets
 * are suspended for good and get their results; suspended markets keep their odds, and reopen
 * with fresh ones; open markets are re-priced only when the plan says so, and otherwise hold
 * their price. Markets the model does not know, or that settlement has closed, are left alone.
 */
export function planMarketChanges(
  markets: readonly FeedMarket[],
  probabilities: Record<string, number[]>,
  results: Record<string, SelectionResult[]>,
  options: PricingPlan & { marginBps: number },
): MarketPlan {
  const plan: MarketPlan = { statuses: [], odds: [], results: [] };
  for (const market of markets) {
    if (market.status !== 'OPEN' && market.status !== 'SUSPENDED') continue;
    const decided = results[market.kind];
    const fair = probabilities[market.kind];
    let want: 'OPEN' | 'SUSPENDED';
    if (decided && decided.length === market.selections.length) {
      want = 'SUSPENDED';
      market.selections.forEach((s, i) => {
        if (s.result !== decided[i]) plan.results.push({ selectionId: s.id, result: decided[i] });
      });
    } else if (fair && fair.length === market.selections.length) {
      want = options.suspended.has(market.kind) ? 'SUSPENDED' : 'OPEN';
      // A market reopening is always re-priced: it never comes back at the price it stopped at.
      const reprice = options.reprice === 'all' || options.reprice.has(market.kind) || market.status === 'SUSPENDED';
      if (want === 'OPEN' && reprice) {
        // The model's view, moved by the money on each selection, priced with the same margin.
        const odds = priceWithMargin(skewProbabilities(fair, market.selections.map((s) => s.moneySkewBps)), options.marginBps);
        market.selections.forEach((s, i) => {
          if (s.odds !== odds[i]) plan.odds.push({ selectionId: s.id, odds: odds[i] });
        });
      }
    } else {
      continue;
    }
    if (market.status !== want) plan.statuses.push({ marketId: market.id, status: want });
  }
  return plan;
}
