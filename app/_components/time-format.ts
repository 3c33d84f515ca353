/**
 * Times of day and dates as British English writes them ("18:30", "18:30:05", "Mon 30 Nov",
 * "30 Nov 2026"), in UTC or in the reader's own zone, from Date's own getters. The first
 * `Intl.DateTimeFormat` (or `toLocaleTimeString` with options) a page builds loads ICU's locale and
 * zone data: on a phone that was about 30 ms of the event page's hydration (125 ms at Lighthouse's
 * 4x CPU), for formats this small (issue 18).
 */
export type TimeStyle = 'clock' | 'clockSeconds' | 'weekday' | 'date';

/** 'UTC', or undefined for the reader's own zone (the browser's). */
export type TimeZone = 'UTC' | undefined;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
// CLDR's British English abbreviates September as "Sept".
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];

interface Parts {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hours: number;
  minutes: number;
  seconds: number;
}

function parts(date: Date, timeZone: TimeZone): Parts {
  return timeZone === 'UTC'
    ? { year: date.getUTCFullYear(), month: date.getUTCMonth(), day: date.getUTCDate(), weekday: date.getUTCDay(), hours: date.getUTCHours(), minutes: date.getUTCMinutes(), seconds: date.getUTCSeconds() }
    : { year: date.getFullYear(), month: date.getMonth(), day: date.getDate(), weekday: date.getDay(), hours: date.getHours(), minutes: date.getMinutes(), seconds: date.getSeconds() };
}

const two = (n: number) => String(n).padStart(2, '0');

/** `date` in `style`, in `timeZone`. */
export function formatTime(date: Date, style: TimeStyle, timeZone?: TimeZone): string {
  const p = parts(date, timeZone);
  switch (style) {
    case 'clock':
      return `${two(p.hours)}:${two(p.minutes)}`;
    case 'clockSeconds':
      return `${two(p.hours)}:${two(p.minutes)}:${two(p.seconds)}`;
    case 'weekday':
      return `${WEEKDAYS[p.weekday]} ${p.day} ${MONTHS[p.month]}`;
    case 'date':
      return `${p.day} ${MONTHS[p.month]} ${p.year}`;
  }
}

/** Whether two instants fall on the same calendar day in `timeZone`. */
export function sameDay(a: Date, b: Date, timeZone?: TimeZone): boolean {
  const x = parts(a, timeZone);
  const y = parts(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}
