import { compareOdds } from './slip-math';
import type { LivePick } from './slip-live';

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
      className="slip-pick"
      data-testid="slip-pick"
      data-selection-id={pick.selectionId}
      data-changed={changed ? 'true' : 'false'}
      data-blocked={blocker ? 'true' : 'false'}
      data-stale={stale ? 'true' : 'false'}
    >
      <div className="slip-pick-main">
        <p className="slip-pick-name">{pick.selectionName}</p>
        <p className="slip-pick-meta">
          {pick.marketName} · {pick.eventName}
        </p>
        {blocker && (
          <p className="slip-pick-blocker" data-testid="slip-pick-blocker">
            {blocker}
          </p>
        )}
      </div>
      <p className="slip-pick-odds" data-testid="slip-pick-odds" data-trend={trend}>
        {changed ? (
          <>
            <s className="slip-odds-old" aria-label={`was ${pick.odds}`}>
              {pick.odds}
            </s>
            <span className="slip-odds-new" aria-label={`now ${pick.currentOdds}`}>
              <span aria-hidden="true">{trend === 'up' ? '▲' : '▼'}</span>
              {pick.currentOdds}
            </span>
          </>
        ) : (
          pick.odds
        )}
      </p>
      <button type="button" className="slip-remove" data-testid="slip-remove" aria-label={`Remove ${pick.selectionName}`} onClick={onRemove}>
        ×
      </button>
    </li>
  );
}
