'use client';

import { useEffect, useState } from 'react';

const FORMAT = { hour: '2-digit', minute: '2-digit', hour12: false } as const;

/**
 * A time of day ("18:30") in the reader's time zone, for chat lines and the activity feed. The
 * first paint (the server's, or before the browser's zone is known) says it in UTC.
 */
export function ClockTime({ iso, className }: { iso: string; className?: string }) {
  const [text, setText] = useState(() => new Date(iso).toLocaleTimeString('en-GB', { ...FORMAT, timeZone: 'UTC' }));
  useEffect(() => setText(new Date(iso).toLocaleTimeString('en-GB', FORMAT)), [iso]);
  return (
    <time className={className} dateTime={iso} suppressHydrationWarning>
      {text}
    </time>
  );
}
