'use client';

import { useEffect, useState } from 'react';
import { formatTime, sameDay, type TimeZone } from './time-format';

function format(iso: string, timeZone: TimeZone, now: Date, seconds: boolean): string {
  const date = new Date(iso);
  const time = formatTime(date, seconds ? 'clockSeconds' : 'clock', timeZone);
  if (sameDay(date, now, timeZone)) return `Today ${time}`;
  if (sameDay(date, new Date(now.getTime() + 86_400_000), timeZone)) return `Tomorrow ${time}`;
  return `${formatTime(date, 'weekday', timeZone)} ${time}`;
}

/**
 * A time in the reader's time zone ("Today 18:30", with `seconds` "Today 18:30:05"). The server
 * does not know that zone, so the first paint says UTC and the browser rewrites it after hydration.
 */
export function LocalTime({ iso, className, seconds = false }: { iso: string; className?: string; seconds?: boolean }) {
  const [text, setText] = useState(() => `${format(iso, 'UTC', new Date(), seconds)} UTC`);
  useEffect(() => {
    setText(format(iso, undefined, new Date(), seconds));
  }, [iso, seconds]);
  return (
    <time className={className} dateTime={iso} suppressHydrationWarning>
      {text}
    </time>
  );
}
