'use client';

import { useEffect, useState } from 'react';

/** How often the countdown is redrawn: it shows minutes, so twice a minute is plenty. */
const TICK_MS = 30_000;

/** "in 45 min", "in 2 h 5 min", "in 3 days"; "starting" once the time has come. */
export function startsInText(startsAtMs: number, nowMs: number): string {
  const minutes = Math.ceil((startsAtMs - nowMs) / 60_000);
  if (minutes <= 0) return 'Starting';
  if (minutes < 60) return `Starts in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `Starts in ${hours} h` : `Starts in ${hours} h ${minutes % 60} min`;
  return `Starts in ${Math.floor(hours / 24)} days`;
}

/**
 * How long until an upcoming event starts, redrawn as time passes. The server's first paint uses
 * its own clock; the browser's takes over after hydration.
 */
export function StartsIn({ iso, className }: { iso: string; className?: string }) {
  const startsAtMs = Date.parse(iso);
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    setNowMs(Date.now());
    const timer = setInterval(() => setNowMs(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <span className={className} data-testid="starts-in" suppressHydrationWarning>
      {startsInText(startsAtMs, nowMs)}
    </span>
  );
}
