'use client';

import { useEffect, useState } from 'react';

const TIME = { hour: '2-digit', minute: '2-digit', hour12: false } as const;

function format(iso: string, timeZone: string | undefined, now: Date): string {
  const date = new Date(iso);
  const dayKey = (d: Date) => d.toLocaleDateString('en-GB', { timeZone });
  const time = date.toLocaleTimeString('en-GB', { ...TIME, timeZone });
  if (dayKey(date) === dayKey(now)) return `Today ${time}`;
  const tomorrow = new Date(now.getTime() + 86_400_000);
  if (dayKey(date) === dayKey(tomorrow)) return `Tomorrow ${time}`;
  const day = date.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone });
  return `${day} ${time}`;
}

/**
 * A start time in the reader's time zone. The server does not know that zone, so the first paint
 * says UTC and the browser rewrites it after hydration.
 */
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const [text, setText] = useState(() => `${format(iso, 'UTC', new Date())} UTC`);
  useEffect(() => {
    setText(format(iso, undefined, new Date()));
  }, [iso]);
  return (
    <time className={className} dateTime={iso} suppressHydrationWarning>
      {text}
    </time>
  );
}
