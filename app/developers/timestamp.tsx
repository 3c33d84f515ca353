'use client';

import { useEffect, useState } from 'react';
import { formatTime, sameDay, type TimeZone } from '../_components/time-format';

function format(iso: string, timeZone: TimeZone, now: Date): string {
  const date = new Date(iso);
  const time = formatTime(date, 'clockSeconds', timeZone);
  return `${sameDay(date, now, timeZone) ? 'Today' : formatTime(date, 'date', timeZone)} ${time}`;
}

/**
 * A time to the second in the reader's time zone ("Today 18:30:05", "3 Mar 2026 09:12:44"): the
 * precision a delivery log needs. The server render says UTC; the browser rewrites it after
 * hydration, in its own zone.
 */
export function Timestamp({ iso }: { iso: string }) {
  const [text, setText] = useState(() => `${format(iso, 'UTC', new Date())} UTC`);
  useEffect(() => setText(format(iso, undefined, new Date())), [iso]);
  return (
    <time dateTime={iso} title={iso} suppressHydrationWarning>
      {text}
    </time>
  );
}
