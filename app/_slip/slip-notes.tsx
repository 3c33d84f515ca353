import { MAX_LEGS, type SlipAction } from './slip-state';
import type { LivePick } from './slip-live';
import { pickBlocker } from './slip-pick-row';
import styles from './slip.module.css';

/**
 * Why the slip cannot be placed as it is: two picks from one event, too many legs, picks that
 * cannot be bet on now, and odds that changed (with the one action that accepts them, possible
 * only while the prices are live).
 */
export function SlipNotes({
  picks,
  sameEvent,
  tooMany,
  blocked,
  changes,
  live,
  dispatch,
}: {
  picks: readonly LivePick[];
  sameEvent: readonly LivePick[];
  tooMany: boolean;
  blocked: readonly LivePick[];
  changes: readonly LivePick[];
  live: boolean;
  dispatch(action: SlipAction): void;
}) {
  return (
    <>
  {sameEvent.length > 0 && (
    <p className={styles.slipNote} data-testid="slip-same-event">
      One leg per event: an accumulator can hold only one selection from {sameEvent[0].eventName}. Remove one to place the bet.
    </p>
  )}
  {tooMany && <p className={styles.slipNote}>An accumulator has at most {MAX_LEGS} legs.</p>}
  {blocked.length > 0 && (
    <p className={styles.slipNote} data-testid="slip-blocked">
      {blocked.length === 1 ? `${blocked[0].selectionName} can't be bet on right now` : `${blocked.length} selections can't be bet on right now`}{' '}
      ({pickBlocker(blocked[0])?.toLowerCase()}). Remove {blocked.length === 1 ? 'it' : 'them'} or wait for the market to reopen.
    </p>
  )}
  {changes.length > 0 && (
    <div className={styles.slipOddsChange} role="alert" data-testid="slip-odds-change">
      <p>
        {changes.length === 1 ? `The odds of ${changes[0].selectionName} changed` : `The odds of ${changes.length} selections changed`}:{' '}
        {changes.map((p) => `${p.odds} → ${p.currentOdds}`).join(', ')}.
      </p>
      <button
        type="button"
        className="button"
        data-testid="slip-accept-odds"
        disabled={!live}
        onClick={() => dispatch({ type: 'acceptOdds', current: new Map(picks.map((p) => [p.selectionId, p.currentOdds])) })}
      >
        Accept new odds
      </button>
    </div>
  )}
    </>
  );
}
