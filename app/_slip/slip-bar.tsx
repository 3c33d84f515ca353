import styles from './slip.module.css';

/** The bar docked at the bottom once something is picked: how many picks, the bet type and the combined odds; it opens the slip. */
export function SlipBar({ count, typeLabel, combined, open, controls, onToggle }: { count: number; typeLabel: string; combined: string; open: boolean; controls?: string; onToggle(): void }) {
  return (
    <button
      type="button"
      className={styles.slipBar}
      data-testid="slip-bar"
      aria-expanded={open}
      aria-controls={controls}
      onClick={onToggle}
    >
      <span className={styles.slipCount} data-testid="slip-count">
        {count}
      </span>
      <span className="slip-bar-title">Bet slip</span>
      <span className={styles.slipBarType}>{typeLabel}</span>
      <span className="spacer" />
      <span className={styles.slipBarOdds} aria-label={`odds ${combined}`}>
        {combined}
      </span>
      <span className="slip-bar-chevron" aria-hidden="true">
        {open ? '▾' : '▴'}
      </span>
    </button>
  );
}
