import type { Direction } from './cashout-state';
import styles from './cashout.module.css';

/**
 * An amount that changes in place: a small ▲ or ▼ says which way it last moved (with words for
 * screen readers), and the figure flashes once per change (it is keyed by the amount).
 */
export function MovingAmount({ amount, direction }: { amount: string; direction: Direction }) {
  return (
    <strong className={styles.movingAmount} data-direction={direction ?? undefined}>
      <span key={amount} className={styles.movingAmountFigure}>
        {amount}
      </span>
      {direction && (
        <span className={styles.movingAmountCue} data-testid="amount-cue">
          <span aria-hidden="true">{direction === 'up' ? '▲' : '▼'}</span>
          <span className="sr-only">{direction === 'up' ? ' up' : ' down'}</span>
        </span>
      )}
    </strong>
  );
}
