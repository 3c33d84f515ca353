import { ClockTime } from './clock-time';
import type { RoomBet } from './room-state';
import styles from './rooms.module.css';

/** How many bets the feed lists. */
const SHOWN = 12;

/**
 * Bets placed in this room, newest first, as everyone sees them: a masked name and a stake band
 * ("a***e bet 5 to 20 on Arsenal"), never the exact stake. New ones arrive live and are lit up.
 */
export function ActivityFeed({ bets, loaded }: { bets: readonly RoomBet[]; loaded: boolean }) {
  return (
    <section className={`${styles.roomCard} activity`} aria-labelledby="activity-title" data-testid="activity-feed">
      <header className={styles.roomCardHead}>
        <h2 id="activity-title" className={styles.roomCardTitle}>
          Room activity
        </h2>
        <span className={styles.roomCardNote}>Bets as they are placed</span>
      </header>
      {!loaded ? (
        <p className={styles.roomEmpty}>Loading bets…</p>
      ) : bets.length === 0 ? (
        <p className={styles.roomEmpty} data-testid="activity-empty">
          No bets in this room yet. Yours will show here too, with your name masked.
        </p>
      ) : (
        <ol className={styles.activityList} aria-live="polite" aria-relevant="additions">
          {bets.slice(0, SHOWN).map((bet) => (
            <li key={bet.key} className={styles.activityItem} data-testid="activity-item" data-for-selection={bet.selectionId} data-fresh={bet.fresh ? 'true' : undefined}>
              <span className={styles.activityText} data-testid="activity-text">
                <strong>{bet.user}</strong> bet {bet.stakeBand} on <strong>{bet.selectionName}</strong>
              </span>
              <ClockTime iso={bet.at} className={styles.activityTime} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
