import styles from './cashout.module.css';

/** Radius of the ring in the SVG's 48 x 48 box; the stroke is drawn on it. */
const RADIUS = 20;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/**
 * A circular countdown: the ring empties as `remainingMs` runs down to zero out of `totalMs`, with
 * the whole seconds left in the middle. Amber for the last ten seconds, red for the last five.
 */
export function CountdownRing({ remainingMs, totalMs, label }: { remainingMs: number; totalMs: number; label: string }) {
  const left = Math.max(0, Math.min(remainingMs, totalMs));
  const seconds = Math.ceil(left / 1000);
  // Geometry only: a float is fine for how much of a circle to draw.
  const offset = CIRCUMFERENCE * (1 - left / totalMs);
  const urgency = seconds <= 5 ? 'critical' : seconds <= 10 ? 'low' : 'ok';
  return (
    <span className={styles.countdownRing} role="timer" aria-label={`${label}: ${seconds} seconds left`} data-testid="cashout-countdown" data-seconds={seconds} data-urgency={urgency}>
      <svg viewBox="0 0 48 48" aria-hidden="true" focusable="false">
        <circle className={styles.countdownRingTrack} cx="24" cy="24" r={RADIUS} />
        <circle
          className={styles.countdownRingProgress}
          cx="24"
          cy="24"
          r={RADIUS}
          strokeDasharray={CIRCUMFERENCE}
          strokeDashoffset={offset}
          transform="rotate(-90 24 24)"
        />
      </svg>
      <span className={styles.countdownRingSeconds} aria-hidden="true">
        {seconds}
      </span>
    </span>
  );
}
