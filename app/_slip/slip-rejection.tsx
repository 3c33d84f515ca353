import type { LivePick } from './slip-live';
import { combinedOdds } from './slip-math';
import { pickBlocker } from './slip-pick-row';
import type { SlipRejection } from './slip-state';
import styles from './slip.module.css';

/** Why the server gave, in words, by code; the server's own sentence otherwise. */
function rejectionHeadline(rejection: SlipRejection, moved: readonly LivePick[]): string {
  switch (rejection.code) {
    case 'ODDS_CHANGED':
      return moved.length === 1 ? `The odds of ${moved[0].selectionName} changed during the in-play delay` : 'The odds changed during the in-play delay';
    case 'MARKET_SUSPENDED':
      return 'A market was suspended during the in-play delay';
    case 'MARKET_CLOSED':
      return 'A market closed during the in-play delay';
    default:
      return rejection.reason ?? 'The bet could not be accepted';
  }
}

/**
 * A bet placed from the slip that the server rejected after its in-play delay, explained where it
 * was placed: which legs moved (old → new), the stake that came back, and one action that places
 * the same bet again at the prices now shown.
 */
export function SlipRejectionNote({
  rejection,
  picks,
  canPlace,
  placing,
  onPlaceAgain,
}: {
  rejection: SlipRejection;
  picks: readonly LivePick[];
  canPlace: boolean;
  placing: boolean;
  onPlaceAgain(): void;
}) {
  const moved = picks.filter((p) => p.currentOdds !== p.odds);
  const blocked = picks.filter((p) => pickBlocker(p) !== null);
  const newOdds = combinedOdds(picks.map((p) => p.currentOdds));
  return (
    <div className={styles.slipRejection} role="alert" data-testid="slip-rejection" data-bet-id={rejection.betId} data-code={rejection.code ?? ''}>
      <p className={styles.slipRejectionTitle}>Bet not accepted</p>
      <p>
        {rejectionHeadline(rejection, moved)}. Your stake of <strong data-testid="slip-rejection-stake">{rejection.stake}</strong> was returned.
      </p>
      {moved.length > 0 && (
        <ul className={styles.slipRejectionLegs}>
          {moved.map((p) => (
            <li key={p.selectionId} data-testid="slip-rejection-leg" data-selection-id={p.selectionId}>
              {p.selectionName}: <s>{p.odds}</s> → <strong>{p.currentOdds}</strong>
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button" data-testid="slip-place-again" disabled={!canPlace || blocked.length > 0} onClick={onPlaceAgain}>
        {placing ? 'Placing…' : `Place again at ${newOdds}`}
      </button>
    </div>
  );
}
