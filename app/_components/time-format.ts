/**
 * Shared `Intl.DateTimeFormat`s. Each `toLocaleTimeString(locale, options)` call builds a formatter
 * (ICU's pattern generator) and throws it away; on a page of times that cost a phone's main thread
 * about 40 ms during hydration (issue 18). A formatter per style and zone is built once and reused.
 */
const STYLES = {
  clock: { hour: '2-digit', minute: '2-digit', hour12: false },
  clockSeconds: { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false },
  day: { year: 'numeric', month: '2-digit', day: '2-digit' },
  weekday: { weekday: 'short', day: 'numeric', month: 'short' },
  date: { day: 'numeric', month: 'short', year: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type TimeStyle = keyof typeof STYLES;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `date` in British English in `style`, in `timeZone` (the reader's own when undefined). */
export function formatTime(date: Date, style: TimeStyle, timeZone?: string): string {
  const key = `${style} ${timeZone ?? ''}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { ...STYLES[style], timeZone });
    formatters.set(key, formatter);
  }
  return formatter.format(date);
}

/** Whether two instants fall on the same calendar day in `timeZone`. */
export function sameDay(a: Date, b: Date, timeZone?: string): boolean {
  return formatTime(a, 'day', timeZone) === formatTime(b, 'day', timeZone);
}
