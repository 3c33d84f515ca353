import type { CSSProperties } from 'react';
import { clampPercent, percentOf } from './cashout-math';
import styles from './cashout.module.css';

/** Quick choices beside the slider, for a thumb on a phone. */
const QUICK_PERCENTS = [25, 50, 75, 100];

/** The share slider and the button that asks for a firm offer for that share. */
export function CashoutRequest({
  ids,
  stake,
  percent,
  estimate,
  disabled,
  busy,
  onPercent,
  onRequest,
}: {
  ids: string;
  stake: string;
  percent: number;
  estimate: string | null;
  disabled: boolean;
  busy: boolean;
  onPercent(percent: number): void;
  onRequest(): void;
}) {
  const stakePart = percentOf(stake, percent);
  return (
    <div className={styles.cashoutRequest}>
      <div className={styles.cashoutShare}>
        <label htmlFor={`${ids}-percent`} className={styles.cashoutShareLabel} data-testid="cashout-share-label">
          <span>
            Cash out <strong data-testid="cashout-percent">{percent}%</strong>
          </span>
          <span className={styles.cashoutShareDetail}>
            stake <strong data-testid="cashout-stake-part">{stakePart}</strong> of {stake}
            {estimate !== null && (
              <>
                {' '}
                · ≈ <strong data-testid="cashout-estimate">{estimate}</strong>
              </>
            )}
          </span>
        </label>
        <input
          id={`${ids}-percent`}
          className={styles.cashoutSlider}
          type="range"
          min={1}
          max={100}
          step={1}
          value={percent}
          onChange={(e) => onPercent(clampPercent(e.target.value))}
          aria-valuetext={`${percent}%, stake ${stakePart}`}
          style={{ '--fill': `${percent}%` } as CSSProperties}
          data-testid="cashout-slider"
        />
        <div className={styles.cashoutQuick} role="group" aria-label="Share of the stake">
          {QUICK_PERCENTS.map((quick) => (
            <button key={quick} type="button" className="quick-amount" aria-pressed={percent === quick} onClick={() => onPercent(quick)} data-testid={`cashout-quick-${quick}`}>
              {quick === 100 ? 'All' : `${quick}%`}
            </button>
          ))}
        </div>
      </div>
      <button type="button" className={`button ${styles.cashoutButton}`} data-testid="cashout-request" disabled={disabled} onClick={onRequest}>
        {busy ? 'Getting an offer…' : estimate !== null ? `Cash out ${estimate}` : 'Cash out'}
      </button>
    </div>
  );
}
