import type { CSSProperties } from 'react';
import { formatMoney } from '../../lib/money';
import type { MarketCard_MarketFragment } from '../_gql/graphql';
import { OddsSparkline } from './odds-sparkline';
import type { OddsPointNode, SelectionStatsNode } from './operations';
import { sharePercent, sumMoney } from './room-math';
import styles from './rooms.module.css';

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
    <div className={styles.roomStack} data-testid="stats">
      {markets.map((market) => {
        const total = sumMoney(market.selections.map((s) => (stats[s.id] ?? NO_STATS).totalStaked));
        const bets = market.selections.reduce((n, s) => n + (stats[s.id] ?? NO_STATS).betCount, 0);
        return (
          <section key={market.id} className={styles.roomCard} aria-labelledby={`stats-${market.id}`} data-testid="stats-market" data-market-id={market.id}>
            <header className={styles.roomCardHead}>
              <h2 id={`stats-${market.id}`} className={styles.roomCardTitle}>
                {market.name}
              </h2>
              <span className={styles.roomCardNote} data-testid="stats-market-total">
                {loaded ? `${bets} ${bets === 1 ? 'bet' : 'bets'} · ${formatMoney(total)} staked` : ''}
              </span>
            </header>
            <ul className={styles.statsList}>
              {market.selections.map((selection) => {
                const own = stats[selection.id] ?? NO_STATS;
                const share = sharePercent(own.totalStaked, total);
                return (
                  <li key={selection.id} className={styles.statsRow} data-testid="stats-selection" data-for-selection={selection.id}>
                    <div className={styles.statsName}>
                      <p className={styles.statsSelection}>{selection.name}</p>
                      <p className={styles.statsOdds} data-testid="stats-odds">
                        {selection.odds}
                      </p>
                    </div>
                    <div className={styles.statsChart}>
                      {loaded ? <OddsSparkline points={history[selection.id] ?? []} name={selection.name} /> : <p className={styles.sparklineEmpty}>Loading…</p>}
                    </div>
                    <div className={styles.statsMoney}>
                      <p>
                        <strong data-testid="stats-bets">{own.betCount}</strong> {own.betCount === 1 ? 'bet' : 'bets'}
                      </p>
                      <p>
                        <strong data-testid="stats-staked">{own.totalStaked}</strong> staked
                      </p>
                    </div>
                    <div
                      className={styles.statsShare}
                      role="meter"
                      aria-valuemin={0}
                      aria-valuemax={100}
                      aria-valuenow={share}
                      aria-label={`${selection.name}: ${share}% of the money on ${market.name}`}
                      style={{ '--share': `${share}%` } as CSSProperties}
                      data-testid="stats-share"
                      data-share={share}
                    >
                      <span className={styles.statsShareBar} aria-hidden="true" />
                      <span className={styles.statsShareText} aria-hidden="true">
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
