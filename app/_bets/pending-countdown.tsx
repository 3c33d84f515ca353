'use client';

import { useEffect, useState } from 'react';
import styles from './ticket.module.css';

/** How often the pending countdown redraws. */
const TICK_MS = 250;
/** A pending bet still pending this long after its delay ended is read again, in case an update was missed. */
const OVERDUE_MS = 3000;

/**
 * Seconds left of the in-play delay. The first paint uses the server's clock (so the server render
 * and hydration agree); after that the browser's clock, corrected by how far it was from the
 * server's when the page was rendered.
 */
export function PendingCountdown({ acceptAt, serverNowMs, onOverdue }: { acceptAt: string | null; serverNowMs: number; onOverdue: () => Promise<unknown> }) {
  const [nowMs, setNowMs] = useState(serverNowMs);
  const [offsetMs] = useState(() => (typeof window === 'undefined' ? 0 : serverNowMs - Date.now()));
  const acceptAtMs = acceptAt ? Date.parse(acceptAt) : null;

  useEffect(() => {
    const tick = () => setNowMs(Date.now() + offsetMs);
    tick();
    const timer = setInterval(tick, TICK_MS);
    return () => clearInterval(timer);
  }, [offsetMs]);

  const overdue = acceptAtMs !== null && nowMs > acceptAtMs + OVERDUE_MS;
  useEffect(() => {
    if (overdue) void onOverdue().catch(() => {});
  }, [overdue, onOverdue]);

  const secondsLeft = acceptAtMs === null ? null : Math.max(0, Math.ceil((acceptAtMs - nowMs) / 1000));
  return (
    <p className={`${styles.ticketNote} ${styles.ticketNotePending}`} data-testid="bet-countdown" data-seconds={secondsLeft ?? undefined} role="status">
      <span className="pending-dot" aria-hidden="true" />
      {secondsLeft === null || secondsLeft === 0 ? (
        'In-play delay: confirming your bet…'
      ) : (
        <>
          In-play delay: confirming in <strong>{secondsLeft}</strong> s
        </>
      )}
    </p>
  );
}
