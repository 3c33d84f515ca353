import { memo } from 'react';
import { graphql } from '../_gql';
import type { MarketCard_MarketFragment } from '../_gql/graphql';
import { marketBadge } from './event-labels';
import { OddsButton } from './odds-button';

export const MarketCardMarketFragment = graphql(`
  fragment MarketCard_market on Market {
    id
    name
    status
    selections { id ...OddsButton_selection }
  }
`);

/** One market with its selections; anything but an open market shows a badge and disabled prices. */
export const MarketCard = memo(function MarketCard({ market, event, bettable }: { market: MarketCard_MarketFragment; event: { id: string; name: string }; bettable: boolean }) {
  const badge = marketBadge(market.status);
  const titleId = `market-${market.id}`;
  const badgeId = `market-${market.id}-status`;
  return (
    <section className="market" data-testid="market" data-market-id={market.id} data-status={market.status} aria-labelledby={titleId}>
      <header className="market-head">
        {/* Under the page's h1 (the event), with no level between. */}
        <h2 id={titleId} className="market-name">
          {market.name}
        </h2>
        {badge && (
          <span id={badgeId} className={`badge badge-${market.status.toLowerCase()}`} data-testid="market-status">
            {market.status === 'SUSPENDED' && <LockIcon />}
            {badge}
          </span>
        )}
      </header>
      <div className="selections" data-count={Math.min(market.selections.length, 4)}>
        {market.selections.map((selection) => (
          <OddsButton
            key={selection.id}
            selection={selection}
            disabled={!bettable || market.status !== 'OPEN'}
            describedBy={badge ? badgeId : undefined}
            source={{ eventId: event.id, eventName: event.name, marketId: market.id, marketName: market.name }}
          />
        ))}
      </div>
    </section>
  );
});

export function LockIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1.5 1.5 0 0 0-1.5 1.5v6A1.5 1.5 0 0 0 4 15h8a1.5 1.5 0 0 0 1.5-1.5v-6A1.5 1.5 0 0 0 12 6h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z"
      />
    </svg>
  );
}
