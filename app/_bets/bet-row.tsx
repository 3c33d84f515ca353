import Link from 'next/link';
import { memo } from 'react';
import { LocalTime } from '../_components/local-time';
import { graphql } from '../_gql';
import type { BetRow_BetFragment } from '../_gql/graphql';
import { betTitle, betTypeLabel, paidLine } from './bet-labels';
import { BetStatusBadge } from './bet-status-badge';
import styles from './bets-list.module.css';

export const BetRowBetFragment = graphql(`
  fragment BetRow_bet on Bet {
    id
    status
    stake
    odds
    potentialPayout
    payout
    placedAt
    legs { selection { id name } event { id name } }
  }
`);

/** One bet in My bets, linking to its ticket; an open bet shows its live cashout value when known. */
export const BetRow = memo(function BetRow({ bet, cashoutValue }: { bet: BetRow_BetFragment; cashoutValue: string | null }) {
  const paid = paidLine(bet);
  return (
    <li className="bet-row" data-testid="bet-row" data-bet-id={bet.id} data-status={bet.status}>
      <Link href={`/bets/${bet.id}`} className={styles.betRowLink}>
        <span className={styles.betRowTop}>
          <BetStatusBadge status={bet.status} />
          <span className="bet-row-type">{betTypeLabel(bet)}</span>
          <span className="spacer" />
          <LocalTime iso={bet.placedAt} className="bet-row-time" />
        </span>
        <span className={styles.betRowTitle}>{betTitle(bet)}</span>
        <span className={styles.betRowEvents}>{bet.legs.map((leg) => leg.event.name).join(' · ')}</span>
        <span className={styles.betRowFigures}>
          <span>
            Stake <strong>{bet.stake}</strong>
          </span>
          <span>
            Odds <strong>{bet.odds}</strong>
          </span>
          <span data-testid="bet-row-paid">
            {paid.label} <strong>{paid.amount}</strong>
          </span>
          {cashoutValue && (
            <span className={styles.betRowCashout} data-testid="bet-row-cashout" data-amount={cashoutValue}>
              Cash out <strong>{cashoutValue}</strong>
            </span>
          )}
        </span>
      </Link>
    </li>
  );
});
