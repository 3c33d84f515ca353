import { compareOdds } from './slip-math';
import type { LivePick } from './slip-live';
import styles from './slip.module.css';

/** Why a pick cannot be bet on right now, or null. */
export function pickBlocker(pick: LivePick): string | null {
  if (pick.unavailable) return 'No longer available';
  if (pick.selectionStatus !== 'OPEN') return 'Settled';
  if (pick.marketStatus === 'SUSPENDED') return 'Suspended';
  if (pick.marketStatus !== null && pick.marketStatus !== 'OPEN') return 'Market closed';
  return null;
}

/** One pick in the slip: the selection, where it is from, and its odds (with a change shown as old → new). */
export function SlipPickRow({ pick, stale, onRemove }: { pick: LivePick; stale: boolean; onRemove(): void }) {
  const blocker = pickBlocker(pick);
  const changed = pick.currentOdds !== pick.odds;
  const trend = changed ? (compareOdds(pick.currentOdds, pick.odds) > 0 ? 'up' : 'down') : undefined;
  return (
    <li
      className={styles.slipPick}
      data-testid="slip-pick"
      data-selection-id={pick.selectionId}
      data-changed={changed ? 'true' : 'false'}
      data-blocked={blocker ? 'true' : 'false'}
      data-stale={stale ? 'true' : 'false'}
    >
      <div className={styles.slipPickMain}>
        <p className={styles.slipPickName}>{pick.selectionName}</p>
        <p className={styles.slipPickMeta}>
          {pick.marketName} · {pick.eventName}
        </p>
        {blocker && (
          <p className={styles.slipPickBlocker} data-testid="slip-pick-blocker">
            {blocker}
          </p>
        )}
      </div>
      <p className={styles.slipPickOdds} data-testid="slip-pick-odds" data-trend={trend}>
        {changed ? (
          <>
            <s className={styles.slipOddsOld} aria-label={`was ${pick.odds}`}>
              {pick.odds}
            </s>
            <span className={styles.slipOddsNew} aria-label={`now ${pick.currentOdds}`}>
              <span aria-hidden="true">{trend === 'up' ? '▲' : '▼'}</span>
              {pick.currentOdds}
            </span>
          </>
        ) : (
          pick.odds
        )}
      </p>
      <button type="button" className={styles.slipRemove} data-testid="slip-remove" aria-label={`Remove ${pick.selectionName}`} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}
