import type { CSSProperties } from 'react';
import { formatMoney } from '../../lib/money';
import type { MarketCard_MarketFragment } from '../_gql/graphql';
import { OddsSparkline } from './odds-sparkline';
import type { OddsPointNode, SelectionStatsNode } from './operations';
import { sharePercent, sumMoney } from './room-math';

const NO_STATS: SelectionStatsNode = { __typename: 'SelectionStats', betCount: 0, totalStaked: '0.00' };

/**
 * Per market, per selection: how its odds moved (a small chart of the recent history), how many
 * bets it has taken and how much money, with its share of the market's money. All of it follows
 * the room live: odds from `oddsChanged`, money from each bet placed.
 */
export function StatsPanel({
  markets,
  stats,
  history,
  loaded,
}: {
  markets: readonly MarketCard_MarketFragment[];
  stats: Readonly<Record<string, SelectionStatsNode>>;
  history: Readonly<Record<string, OddsPointNode[]>>;
  loaded: boolean;
}) {
  if (markets.length === 0) return <p className="empty">No markets are offered on this event.</p>;
  return (
    <div className="room-stack" data-testid="stats">
      {markets.map((market) => {
        const total = sumMoney(market.selections.map((s) => (stats[s.id] ?? NO_STATS).totalStaked));
        const bets = market.selections.reduce((n, s) => n + (stats[s.id] ?? NO_STATS).betCount, 0);
        return (
          <section key={market.id} className="room-card" aria-labelledby={`stats-${market.id}`} data-testid="stats-market" data-market-id={market.id}>
            <header className="room-card-head">
              <h2 id={`stats-${market.id}`} className="room-card-title">
                {market.name}
              </h2>
              <span className="room-card-note" data-testid="stats-market-total">
                {loaded ? `${bets} ${bets === 1 ? 'bet' : 'bets'} · ${formatMoney(total)} staked` : ''}
              </span>
            </header>
            <ul className="stats-list">
              {market.selections.map((selection) => {
                const own = stats[selection.id] ?? NO_STATS;
                const share = sharePercent(own.totalStaked, total);
                return (
                  <li key={selection.id} className="stats-row" data-testid="stats-selection" data-for-selection={selection.id}>
                    <div className="stats-name">
                      <p className="stats-selection">{selection.name}</p>
                      <p className="stats-odds" data-testid="stats-odds">
                        {selection.odds}
                      </p>
                    </div>
                    <div className="stats-chart">
                      {loaded ? <OddsSparkline points={history[selection.id] ?? []} name={selection.name} /> : <p className="sparkline-empty">Loading…</p>}
                    </div>
                    <div className="stats-money">
                      <p>
                        <strong data-testid="stats-bets">{own.betCount}</strong> {own.betCount === 1 ? 'bet' : 'bets'}
                      </p>
                      <p>
                        <strong data-testid="stats-staked">{own.totalStaked}</strong> staked
                      </p>
                    </div>
                    <div
                      className="stats-share"
                      role="meter"
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={share}
                      aria-label={`${selection.name}: ${share}% of the money on ${market.name}`}
                      style={{ '--share': `${share}%` } as CSSProperties}
                      data-testid="stats-share"
                      data-share={share}
                    >
                      <span className="stats-share-bar" aria-hidden="true" />
                      <span className="stats-share-text" aria-hidden="true">
                        {share}%
                      </span>
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
