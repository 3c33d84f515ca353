import Link from 'next/link';
import { memo } from 'react';
import { graphql } from '../_gql';
import type { EventRow_EventFragment } from '../_gql/graphql';
import { statusLabel } from './event-labels';
import { LocalTime } from './local-time';
import { LockIcon } from './market-card';
import { OddsButton } from './odds-button';
import { StartsIn } from './starts-in';
import styles from './lobby.module.css';

export const EventRowEventFragment = graphql(`
  fragment EventRow_event on Event {
    id
    name
    home
    away
    status
    clock
    startsAt
    score { home away }
    markets { id name status selections { id ...OddsButton_selection } }
  }
`);

/**
 * One lobby row: when (clock or start time), the two sides with their scores, and the main (first)
 * market's prices. Memoised: the cache hands an unchanged event back as the same object, so a
 * price move re-renders only its own row.
 */
export const EventRow = memo(function EventRow({ event }: { event: EventRow_EventFragment }) {
  const market = event.markets[0] ?? null;
  const live = event.status === 'LIVE';
  const suspended = market !== null && market.status !== 'OPEN';
  const bettable = event.status === 'LIVE' || event.status === 'UPCOMING';
  return (
    <li className={styles.row} data-testid="event-row" data-event-id={event.id} data-status={event.status}>
      <Link href={`/events/${event.id}`} className={styles.rowMain} prefetch={false}>
        <span className={styles.rowWhen}>
          {live ? (
            <>
              <span className="status-badge status-live">
                <span className="live-dot" aria-hidden="true" />
                Live
              </span>
              {event.clock && (
                <span className={styles.rowClock} data-testid="clock">
                  {event.clock}
                </span>
              )}
            </>
          ) : event.status === 'UPCOMING' ? (
            <>
              <LocalTime iso={event.startsAt} className={styles.rowStart} />
              <StartsIn iso={event.startsAt} className={styles.rowStartsIn} />
            </>
          ) : (
            <span className={`status-badge status-${event.status.toLowerCase()}`}>{statusLabel(event.status)}</span>
          )}
        </span>
        <span className={styles.rowTeams}>
          <span className={styles.rowTeam}>
            <span className={styles.rowName}>{event.home}</span>
            {event.score && (
              <span className={styles.rowScore} data-testid="score-home">
                {event.score.home}
              </span>
            )}
          </span>
          <span className={styles.rowTeam}>
            <span className={styles.rowName}>{event.away}</span>
            {event.score && (
              <span className={styles.rowScore} data-testid="score-away">
                {event.score.away}
              </span>
            )}
          </span>
        </span>
      </Link>
      {market && (
        <div className={styles.rowOdds} data-testid="main-market" data-market-id={market.id} data-status={market.status} aria-label={market.name} role="group">
          {suspended && (
            <span className={styles.rowSuspended} data-testid="market-status">
              <LockIcon />
              {market.status === 'SUSPENDED' ? 'Suspended' : market.status === 'SETTLED' ? 'Settled' : 'Void'}
            </span>
          )}
          <div className="selections selections-compact" data-count={Math.min(market.selections.length, 4)}>
            {market.selections.slice(0, 3).map((selection) => (
              <OddsButton
                key={selection.id}
                selection={selection}
                disabled={!bettable || suspended}
                source={{ eventId: event.id, eventName: event.name, marketId: market.id, marketName: market.name }}
              />
            ))}
          </div>
        </div>
      )}
    </li>
  );
});
