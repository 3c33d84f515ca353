import Link from 'next/link';
import { graphql } from '../_gql';
import type { LegRow_LegFragment } from '../_gql/graphql';
import { compareOdds } from '../_slip/slip-math';
import styles from './ticket.module.css';

export const LegRowLegFragment = graphql(`
  fragment LegRow_leg on BetLeg {
    odds
    requestedOdds
    status
    selection { id name odds status }
    event { id name }
    market { id name status }
  }
`);

/** The colour of each settled result. */
const RESULT_CLASS = { WON: styles.legResultWon, LOST: styles.legResultLost, VOID: styles.legResultVoid } as const;

/**
 * One leg of a ticket: the selection, its market and event, the odds it was taken at and the odds
 * now. The odds now and the market's status are the cache's `Selection:<id>` and `Market:<id>`,
 * which the event's `oddsChanged` writes; `stale` marks them while the socket is down.
 */
export function LegRow({ leg, live, stale }: { leg: LegRow_LegFragment; live: boolean; stale: boolean }) {
  const current = leg.selection.odds;
  const move = compareOdds(current, leg.odds);
  const trend = move > 0 ? 'up' : move < 0 ? 'down' : undefined;
  const result = leg.status === 'OPEN' ? null : leg.status;
  return (
    <li className={styles.leg} data-testid="bet-leg" data-selection-id={leg.selection.id} data-status={leg.status}>
      <div className={styles.legMain}>
        <p className={styles.legSelection}>
          {leg.selection.name}
          {result && (
            <span className={`${styles.legResult} ${RESULT_CLASS[result]}`} data-testid="leg-result" data-result={result}>
              {result === 'WON' ? 'Won' : result === 'LOST' ? 'Lost' : 'Void'}
            </span>
          )}
          {live && leg.market.status === 'SUSPENDED' && (
            <span className="badge badge-suspended" data-testid="leg-suspended">
              Suspended
            </span>
          )}
        </p>
        <p className={styles.legMarket}>{leg.market.name}</p>
        <Link href={`/events/${leg.event.id}`} className={styles.legEvent}>
          {leg.event.name}
        </Link>
        {leg.requestedOdds !== leg.odds && <p className={styles.legNote}>Asked at {leg.requestedOdds}, taken at {leg.odds}.</p>}
      </div>
      <dl className={styles.legOdds}>
        <div>
          <dt>Taken</dt>
          <dd data-testid="leg-taken-odds">{leg.odds}</dd>
        </div>
        {/* A settled leg has a result, not a price. */}
        {result === null && (
          <div>
            <dt>Now</dt>
            <dd
              className={styles.legCurrent}
              data-testid="leg-current-odds"
              data-trend={trend}
              data-stale={stale ? 'true' : undefined}
              aria-label={trend ? `${current}, ${trend} from ${leg.odds}${stale ? ', may be out of date' : ''}` : undefined}
            >
              {trend && (
                <span className={styles.legArrow} aria-hidden="true">
                  {trend === 'up' ? '▲' : '▼'}
                </span>
              )}
              {current}
            </dd>
          </div>
        )}
      </dl>
    </li>
  );
}
