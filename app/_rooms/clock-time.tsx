'use client';

import { useEffect, useState } from 'react';
import { formatTime } from '../_components/time-format';

/**
 * A time of day ("18:30") in the reader's time zone, for chat lines and the activity feed. The
 * first paint (the server's, or before the browser's zone is known) says it in UTC.
 */
export function ClockTime({ iso, className }: { iso: string; className?: string }) {
  const [text, setText] = useState(() => formatTime(new Date(iso), 'clock', 'UTC'));
  useEffect(() => setText(formatTime(new Date(iso), 'clock')), [iso]);
  return (
    <time className={className} dateTime={iso} suppressHydrationWarning>
      {text}
    </time>
  );
}
