'use client';

import { useEffect, useState } from 'react';

const TIME = { hour: '2-digit', minute: '2-digit', hour12: false } as const;
const TIME_SECONDS = { ...TIME, second: '2-digit' } as const;

function format(iso: string, timeZone: string | undefined, now: Date, seconds: boolean): string {
  const date = new Date(iso);
  const dayKey = (d: Date) => d.toLocaleDateString('en-GB', { timeZone });
  const time = date.toLocaleTimeString('en-GB', { ...(seconds ? TIME_SECONDS : TIME), timeZone });
  if (dayKey(date) === dayKey(now)) return `Today ${time}`;
  const tomorrow = new Date(now.getTime() + 86_400_000);
  if (dayKey(date) === dayKey(tomorrow)) return `Tomorrow ${time}`;
  const day = date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone });
  return `${day} ${time}`;
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
