import type { FeedMarket } from './load-feed-events';
import { skewProbabilities } from '../markets/money-skew';
import { priceWithMargin } from './odds-model';
import type { SelectionResult } from './sport-feed';

export interface MarketPlan {
  statuses: Array<{ marketId: string; status: 'OPEN' | 'SUSPENDED' }>;
  odds: Array<{ selectionId: string; odds: number }>;
  results: Array<{ selectionId: string; result: SelectionResult }>;
}

/**
 * Compares an event's markets with the model and lists only what must change. Decided markets
 * are suspended for good and get their results; during a bet stop every market is suspended and
 * odds hold still, so markets reopen with fresh odds when it ends. Markets the model does not
 * know, or that settlement has closed, are left alone.
 */
export function planMarketChanges(
  markets: readonly FeedMarket[],
  probabilities: Record<string, number[]>,
  results: Record<string, SelectionResult[]>,
  options: { betStop: boolean; marginBps: number },
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
      want = options.betStop ? 'SUSPENDED' : 'OPEN';
      if (want === 'OPEN') {
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
